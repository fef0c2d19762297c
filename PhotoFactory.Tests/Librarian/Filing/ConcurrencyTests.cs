using PhotoFactory.Tests.Catalog;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary>
/// Several Librarians on one inbox and one PostgreSQL catalogue share the work without filing anything twice. These run
/// the one-shot <c>ingest</c>; <c>SharedInboxTests</c> runs the services as replicas on shared storage do, with the file
/// watcher off and one of them killed again and again.
/// </summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Three_Librarians_on_one_inbox_file_every_photo_exactly_once()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(CatalogProvider.Postgres);
        var expected = await CrashTests.InboxOfManyAsync(workspace, distinct: 150, copies: 40);

        var librarians = Enumerable.Range(0, 3).Select(_ => workspace.StartIngest()).ToList();
        var exits = await Task.WhenAll(librarians.Select(l => l.WaitAsync(TimeSpan.FromMinutes(3))));
        var reports = librarians.Select(l => l.StandardOutput).ToList();
        var errors = librarians.Select(l => l.StandardError).ToList();
        foreach (var librarian in librarians)
        {
            await librarian.DisposeAsync();
        }

        for (var i = 0; i < exits.Length; i++)
        {
            Assert.True(exits[i] == 0, $"Librarian {i} exited with {exits[i]}:\n{errors[i]}");
        }
        var assets = await workspace.QueryAsync(db => db.MediaAssets);
        Assert.Equal(expected.Order(), assets.Select(a => a.Sha256).Order());
        Assert.Equal(assets.Count, LibrarianWorkspace.FilesUnder(workspace.Originals).Count);
        // Whatever one Librarian found claimed by another, that other filed: nothing is left behind.
        var rerun = await workspace.IngestAsync();
        Assert.DoesNotContain(rerun.Report, e => e.Outcome == "placed");
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
        Assert.True(reports.Count(r => r.Contains("\"placed\"", StringComparison.Ordinal)) >= 2, "the work was not shared between Librarians");
    }
}
