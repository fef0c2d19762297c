using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Catalog.Filing;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary>
/// A file met again after it was filed is a duplicate, wherever it arrives; only the claim journal can say that a
/// filing was interrupted before its inbox copy was removed, and then that filing is finished.
/// </summary>
public sealed class ArrivingAgainTests
{
    private static readonly DateTime Taken = new(2018, 4, 4, 10, 0, 0);

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task The_same_file_arriving_again_at_the_same_inbox_path_after_it_was_filed_is_recorded_as_a_duplicate(CatalogProvider provider)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        await MediaFactory.JpegAsync(workspace.InInbox("phone/IMG_1.JPG"), Taken);
        var bytes = await File.ReadAllBytesAsync(workspace.InInbox("phone/IMG_1.JPG"), TestContext.Current.CancellationToken);
        Assert.Equal("placed", (await workspace.IngestAsync()).For("phone/IMG_1.JPG").Outcome);
        await File.WriteAllBytesAsync(workspace.InInbox("phone/IMG_1.JPG"), bytes, TestContext.Current.CancellationToken);

        var again = (await workspace.IngestAsync()).For("phone/IMG_1.JPG");

        Assert.Equal("duplicate", again.Outcome);
        Assert.Equal("2018/2018-04-04/IMG_1.JPG", again.Destination);
        var recorded = Assert.Single(await workspace.QueryAsync(db => db.IngestEvents));
        Assert.Equal((IngestEventKind.Duplicate, "phone/IMG_1.JPG"), (recorded.Kind, recorded.SourcePath));
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
        Assert.Empty(await workspace.QueryAsync(db => db.IngestClaims.AsNoTracking()));
    }

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task A_filing_catalogued_before_a_crash_is_finished_from_its_claim_removing_only_the_very_file_that_was_filed(CatalogProvider provider)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        await MediaFactory.JpegAsync(workspace.InInbox("phone/IMG_2.JPG"), Taken);
        await MediaFactory.JpegAsync(workspace.InInbox("phone/IMG_3.JPG"), Taken.AddMinutes(1));
        // Filed and catalogued, the inbox copies left (copy mode): the state a crash after the catalogue's commit leaves,
        // once the claims that Librarian held (catalogued, never renewed since) are put back.
        var filed = await workspace.IngestAsync("--copy");
        await using (var db = workspace.OpenCatalog())
        {
            foreach (var name in new[] { "IMG_2.JPG", "IMG_3.JPG" })
            {
                db.IngestClaims.Add(new IngestClaim
                {
                    SourcePath = $"phone/{name}",
                    Owner = "gone-host:1:1",
                    ClaimedAt = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                    RenewedAt = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                    Stage = IngestClaimStage.Catalogued,
                    Sha256 = filed.For($"phone/{name}").Sha256,
                    Transfers = JsonSerializer.Serialize(new[] { new { Source = $"phone/{name}", Temporary = "2018/2018-04-04/.pf-x.tmp", Final = $"2018/2018-04-04/{name}" } }),
                });
            }

            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // Meanwhile a newer version of IMG_3 was renamed into its place in the inbox.
        await MediaFactory.JpegAsync(workspace.InInbox("phone/new.JPG"), Taken.AddMinutes(1), tags: ["-ImageDescription=edited"]);
        File.Move(workspace.InInbox("phone/new.JPG"), workspace.InInbox("phone/IMG_3.JPG"), overwrite: true);

        var run = await workspace.IngestAsync();

        // IMG_2 was finished by recovery (no duplicate recorded, nothing left to report); the new IMG_3 was kept and filed as itself.
        Assert.DoesNotContain(run.Report, entry => entry.Source == "phone/IMG_2.JPG");
        Assert.Equal("placed", run.For("phone/IMG_3.JPG").Outcome);
        Assert.Equal("2018/2018-04-04/IMG_3_1.JPG", run.For("phone/IMG_3.JPG").Destination);
        Assert.Empty(await workspace.QueryAsync(db => db.IngestEvents));
        Assert.Empty(await workspace.QueryAsync(db => db.IngestClaims.AsNoTracking()));
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
        Assert.Equal(3, (await workspace.QueryAsync(db => db.MediaAssets)).Count);
    }
}
