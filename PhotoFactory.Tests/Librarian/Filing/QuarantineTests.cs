using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary>A quarantine is recorded only once the file is in the quarantine, wherever the quarantine lies.</summary>
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

    [Fact]
    public async Task A_bad_file_goes_whole_into_a_quarantine_on_another_file_system_and_leaves_the_inbox_only_then()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        var note = workspace.InInbox("phone/notes.JPG");
        await File.WriteAllTextAsync(note, "not a photo at all", TestContext.Current.CancellationToken);
        var written = new DateTime(2020, 2, 2, 2, 2, 2, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(note, written);
        // The quarantine on a file system of its own (a tmpfs: the test needs to be allowed to mount, as root in CI is),
        // so the file cannot be renamed into it: it is copied, and the inbox copy removed after.
        Directory.CreateDirectory(workspace.Quarantine);
        await ProcessRun.SucceedAsync("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", workspace.Quarantine);
        try
        {
            var run = await workspace.IngestAsync();

            Assert.Equal("quarantined", run.For("phone/notes.JPG").Outcome);
            Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
            var quarantined = Path.Combine(workspace.Quarantine, "phone", "notes.JPG");
            Assert.Equal("not a photo at all", await File.ReadAllTextAsync(quarantined, TestContext.Current.CancellationToken));
            Assert.Equal(written, File.GetLastWriteTimeUtc(quarantined));
            Assert.Single(await workspace.QueryAsync(db => db.IngestEvents.Where(e => e.Kind == IngestEventKind.Quarantined)));
        }
        finally
        {
            await ProcessRun.SucceedAsync("umount", "--lazy", workspace.Quarantine);
        }
    }
}
