using Microsoft.EntityFrameworkCore;
using PhotoFactory.Librarian.Cataloguing;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Placing;

/// <summary>The names filed files get: never overwriting, numbered when taken, sidecars following their photo's name.</summary>
public sealed class PlacementTests
{
    private static readonly DateTime Day = new(2019, 7, 4, 12, 0, 0);

    [Fact]
    public async Task A_taken_name_gives_the_next_free_number_and_the_sidecar_follows_the_photos_new_name()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        using var host = await FilingHost.CreateAsync(workspace);
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_1.JPG"), Day);
        await File.WriteAllTextAsync(workspace.InInbox("IMG_1.JPG.xmp"), "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>", TestContext.Current.CancellationToken);
        Taken(workspace, "2019/2019-07-04/IMG_1.JPG", "2019/2019-07-04/IMG_1_2.JPG");

        var inFlight = host.Get<Placement>().Prepare(host.Unit("IMG_1.JPG"), "2019/2019-07-04");

        Assert.Equal(["2019/2019-07-04/IMG_1_1.JPG", "2019/2019-07-04/IMG_1_1.JPG.xmp"], inFlight.Transfers.Select(t => t.Final));
        Assert.Equal(["IMG_1.JPG", "IMG_1.JPG.xmp"], inFlight.Transfers.Select(t => t.Source));
        Assert.All(inFlight.Transfers, t => Assert.StartsWith("2019/2019-07-04/.pf-", t.Temporary, StringComparison.Ordinal));
        Assert.Equal(2, inFlight.Transfers.Select(t => t.Temporary).Distinct().Count());
    }

    [Fact]
    public async Task A_name_taken_after_the_claim_moves_on_records_the_new_name_in_the_claim_and_overwrites_nothing()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        using var host = await FilingHost.CreateAsync(workspace);
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_1.JPG"), Day);
        await File.WriteAllTextAsync(workspace.InInbox("IMG_1.JPG.xmp"), "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>", TestContext.Current.CancellationToken);
        var placement = host.Get<Placement>();
        var journal = host.Get<ClaimJournal>();
        var cancellation = TestContext.Current.CancellationToken;

        var inFlight = placement.Prepare(host.Unit("IMG_1.JPG"), "2019/2019-07-04");
        Assert.True(await journal.TryClaimAsync(inFlight.SourcePath, inFlight.Transfers, cancellation));
        var (sha256, _, _) = await placement.CopyAsync(inFlight, "2019/2019-07-04", mayLink: false, cancellation);
        await placement.CopySidecarsAsync(inFlight, cancellation);
        // Another writer takes the planned name between the claim and the rename.
        Taken(workspace, "2019/2019-07-04/IMG_1.JPG");

        var placed = await placement.PlaceAsync(inFlight, [0, 1], "2019/2019-07-04", "IMG_1.JPG", cancellation);

        Assert.Equal(["2019/2019-07-04/IMG_1_1.JPG", "2019/2019-07-04/IMG_1_1.JPG.xmp"], placed);
        Assert.Equal("taken", await File.ReadAllTextAsync(workspace.InOriginals("2019/2019-07-04/IMG_1.JPG"), cancellation));
        Assert.Equal(await File.ReadAllBytesAsync(workspace.InInbox("IMG_1.JPG"), cancellation),
            await File.ReadAllBytesAsync(workspace.InOriginals("2019/2019-07-04/IMG_1_1.JPG"), cancellation));
        Assert.DoesNotContain(LibrarianWorkspace.FilesUnder(workspace.Originals), f => f.Contains(".pf-", StringComparison.Ordinal));
        // The claim knew the new names before the renames, so a crash in between could have been rolled back.
        var claim = Assert.Single(await workspace.QueryAsync(db => db.IngestClaims.AsNoTracking()));
        Assert.Equal(sha256, claim.Sha256);
        Assert.Equal(placed, ClaimJournal.Read(claim).Select(t => t.Final));
    }

    private static void Taken(LibrarianWorkspace workspace, params string[] paths)
    {
        foreach (var path in paths)
        {
            var full = workspace.InOriginals(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, "taken");
        }
    }
}
