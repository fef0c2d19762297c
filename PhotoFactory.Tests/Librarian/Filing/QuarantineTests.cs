using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Events;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary>A quarantine is recorded only once the file is in the quarantine.</summary>
public sealed class QuarantineTests
{
    [Fact]
    public async Task A_file_that_cannot_be_moved_into_the_quarantine_stays_in_the_inbox_with_no_quarantine_recorded()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await File.WriteAllBytesAsync(workspace.InInbox("sub/empty.jpg"), [], TestContext.Current.CancellationToken);
        // A file where the quarantine needs the folder "sub": the move fails (even for root, unlike a permission).
        Directory.CreateDirectory(workspace.Quarantine);
        await File.WriteAllTextAsync(Path.Combine(workspace.Quarantine, "sub"), "in the way", TestContext.Current.CancellationToken);

        var run = await workspace.IngestAsync();

        Assert.Equal("deferred", run.For("sub/empty.jpg").Outcome);
        Assert.Equal(["sub/empty.jpg"], LibrarianWorkspace.FilesUnder(workspace.Inbox));
        Assert.Empty(await workspace.QueryAsync(db => db.IngestEvents.Where(e => e.Kind == IngestEventKind.Quarantined)));
    }
}
