using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Filing;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary>
/// What becomes of an inbox file whose content is already catalogued (<see cref="DuplicateHandler"/>), through
/// the filing engine in the test's process.
/// </summary>
public sealed class DuplicateHandlerTests
{
    private static readonly DateTime Day = new(2018, 3, 9, 8, 15, 0);

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task A_copy_of_a_stored_photo_is_let_go_recorded_as_its_duplicate_and_its_new_sidecar_joins_the_original(CatalogProvider provider)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        using var host = await FilingHost.CreateAsync(workspace);
        var (stored, _) = await FiledAndSentAgainAsync(workspace, host, "again/copy.JPG");
        await File.WriteAllTextAsync(workspace.InInbox("again/copy.JPG.xmp"), "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>", TestContext.Current.CancellationToken);

        var duplicate = await host.FileAsync("again/copy.JPG");

        Assert.Equal(FilingOutcome.Duplicate, duplicate.Outcome);
        Assert.Equal("2018/2018-03-09/IMG_5.JPG", duplicate.Destination);
        Assert.Equal("same content as 2018/2018-03-09/IMG_5.JPG", duplicate.Reason);
        Assert.Equal(["2018/2018-03-09/IMG_5.JPG.xmp"], duplicate.Sidecars);
        Assert.Equal(["2018/2018-03-09/IMG_5.JPG", "2018/2018-03-09/IMG_5.JPG.xmp"], LibrarianWorkspace.FilesUnder(workspace.Originals));
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
        var asset = Assert.Single(await workspace.QueryAsync(db => db.MediaAssets.AsNoTracking()));
        var recorded = Assert.Single(await workspace.QueryAsync(db => db.IngestEvents.AsNoTracking()));
        Assert.Equal((IngestEventKind.Duplicate, "again/copy.JPG", asset.Id), (recorded.Kind, recorded.SourcePath, recorded.DuplicateOfAssetId));
        Assert.Empty(await workspace.QueryAsync(db => db.IngestClaims.AsNoTracking()));
    }

    [Fact]
    public async Task A_copy_of_a_damaged_original_takes_its_place_and_the_damaged_file_is_kept_in_quarantine()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        using var host = await FilingHost.CreateAsync(workspace);
        var (stored, original) = await FiledAndSentAgainAsync(workspace, host, "again/IMG_5.JPG");
        // Stored files are read-only; the damage comes from outside the Librarian.
        File.SetAttributes(original, FileAttributes.Normal);
        await File.WriteAllTextAsync(original, "bit rot", TestContext.Current.CancellationToken);

        var replacement = await host.FileAsync("again/IMG_5.JPG");

        Assert.Equal(FilingOutcome.Placed, replacement.Outcome);
        Assert.Equal("the stored original 2018/2018-03-09/IMG_5.JPG no longer had its hash (moved to quarantine); this copy took its place", replacement.Reason);
        Assert.Equal("2018/2018-03-09/IMG_5.JPG", replacement.Destination);
        Assert.Equal(stored.Sha256, (await FileTransfer.HashAsync(original, TestContext.Current.CancellationToken)).Sha256);
        var aside = Assert.Single(LibrarianWorkspace.FilesUnder(workspace.Quarantine));
        Assert.StartsWith("damaged-originals/2018/2018-03-09/IMG_5.JPG.", aside, StringComparison.Ordinal);
        Assert.Equal("bit rot", await File.ReadAllTextAsync(Path.Combine(workspace.Quarantine, aside), TestContext.Current.CancellationToken));
        var asset = Assert.Single(await workspace.QueryAsync(db => db.MediaAssets.AsNoTracking()));
        Assert.Equal("2018/2018-03-09/IMG_5.JPG", asset.FinalPath);
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
    }

    [Fact]
    public async Task A_copy_of_a_missing_original_takes_its_place()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        using var host = await FilingHost.CreateAsync(workspace);
        var (stored, original) = await FiledAndSentAgainAsync(workspace, host, "again/IMG_5.JPG");
        File.Delete(original);

        var replacement = await host.FileAsync("again/IMG_5.JPG");

        Assert.Equal(FilingOutcome.Placed, replacement.Outcome);
        Assert.Equal("the stored original 2018/2018-03-09/IMG_5.JPG was missing; this copy took its place", replacement.Reason);
        Assert.Equal(stored.Sha256, (await FileTransfer.HashAsync(original, TestContext.Current.CancellationToken)).Sha256);
        var recorded = Assert.Single(await workspace.QueryAsync(db => db.IngestEvents.AsNoTracking()));
        Assert.Equal(IngestEventKind.Duplicate, recorded.Kind);
    }

    /// <summary>A photo filed from <c>first/IMG_5.JPG</c>, then the same bytes arriving again at <paramref name="againPath"/>.</summary>
    private static async Task<(FilingResult Stored, string Original)> FiledAndSentAgainAsync(LibrarianWorkspace workspace, FilingHost host, string againPath)
    {
        await MediaFactory.JpegAsync(workspace.InInbox("first/IMG_5.JPG"), Day);
        var stored = await host.FileAsync("first/IMG_5.JPG");
        var original = workspace.InOriginals(stored.Destination!);
        File.Copy(original, workspace.InInbox(againPath));
        return (stored, original);
    }
}
