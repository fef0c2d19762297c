using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary>Duplicates, bad input and what is left alone: nothing lost, nothing silently skipped.</summary>
public sealed class SafetyTests
{
    [Fact]
    public async Task A_copy_of_a_stored_photo_in_another_folder_is_recorded_as_its_duplicate_and_leaves_the_inbox()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_1.JPG"), new DateTime(2017, 3, 3, 8, 0, 0));
        var first = await workspace.IngestAsync();
        File.Copy(workspace.InOriginals("2017/2017-03-03/IMG_1.JPG"), workspace.InInbox("backup/2017/renamed.jpg"));
        File.SetAttributes(workspace.InInbox("backup/2017/renamed.jpg"), FileAttributes.Normal);

        var second = await workspace.IngestAsync();

        var entry = second.For("backup/2017/renamed.jpg");
        Assert.Equal("duplicate", entry.Outcome);
        Assert.Equal("2017/2017-03-03/IMG_1.JPG", entry.Destination);
        Assert.Equal(first.For("IMG_1.JPG").Sha256, entry.Sha256);
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
        Assert.Equal(["2017/2017-03-03/IMG_1.JPG"], LibrarianWorkspace.FilesUnder(workspace.Originals));
        var recorded = Assert.Single(await workspace.QueryAsync(db => db.IngestEvents));
        Assert.Equal(IngestEventKind.Duplicate, recorded.Kind);
        Assert.Equal("backup/2017/renamed.jpg", recorded.SourcePath);
        var asset = Assert.Single(await workspace.QueryAsync(db => db.MediaAssets));
        Assert.Equal(asset.Id, recorded.DuplicateOfAssetId);
    }

    [Fact]
    public async Task Two_copies_in_one_batch_are_filed_once()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await MediaFactory.JpegAsync(workspace.InInbox("x/IMG_2.JPG"), new DateTime(2017, 3, 3, 8, 0, 0));
        foreach (var copy in new[] { "y/IMG_2.JPG", "z/other.jpg" })
        {
            File.Copy(workspace.InInbox("x/IMG_2.JPG"), workspace.InInbox(copy));
        }

        var run = await workspace.IngestAsync();

        Assert.Equal(0, run.Exit);
        Assert.Single(run.Report, e => e.Outcome == "placed");
        Assert.Equal(2, run.Report.Count(e => e.Outcome == "duplicate"));
        Assert.Single(LibrarianWorkspace.FilesUnder(workspace.Originals));
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
    }

    [Fact]
    public async Task When_the_stored_original_is_gone_the_inbox_copy_takes_its_place()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_3.JPG"), new DateTime(2016, 6, 6, 6, 6, 6));
        await workspace.IngestAsync("--copy");
        var stored = workspace.InOriginals("2016/2016-06-06/IMG_3.JPG");
        File.SetAttributes(stored, FileAttributes.Normal);
        File.Delete(stored);

        var run = await workspace.IngestAsync();

        var entry = run.For("IMG_3.JPG");
        Assert.Equal("placed", entry.Outcome);
        Assert.Contains("missing", entry.Reason);
        Assert.True(File.Exists(stored));
        Assert.Equal(0, (await workspace.VerifyAsync("--full")).Exit);
    }

    [Fact]
    public async Task When_the_stored_original_is_damaged_the_inbox_copy_replaces_it_and_the_damaged_file_is_kept_aside()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_4.JPG"), new DateTime(2016, 6, 6, 6, 6, 6));
        await workspace.IngestAsync("--copy");
        var stored = workspace.InOriginals("2016/2016-06-06/IMG_4.JPG");
        File.SetAttributes(stored, FileAttributes.Normal);
        var bytes = await File.ReadAllBytesAsync(stored, TestContext.Current.CancellationToken);
        bytes[^3] ^= 0xFF;
        await File.WriteAllBytesAsync(stored, bytes, TestContext.Current.CancellationToken);

        var run = await workspace.IngestAsync();

        Assert.Equal("placed", run.For("IMG_4.JPG").Outcome);
        Assert.Contains("no longer had its hash", run.For("IMG_4.JPG").Reason);
        Assert.Equal(0, (await workspace.VerifyAsync("--full")).Exit);
        Assert.Single(LibrarianWorkspace.FilesUnder(Path.Combine(workspace.Quarantine, "damaged-originals")));
    }

    [Fact]
    public async Task Bad_input_is_quarantined_with_its_reason_and_a_damaged_photo_is_still_filed()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await File.WriteAllBytesAsync(workspace.InInbox("cam/empty.jpg"), [], TestContext.Current.CancellationToken);
        MediaFactory.Text(workspace.InInbox("cam/letter.jpg"));
        await MediaFactory.JpegAsync(workspace.InInbox("cam/cut.jpg"), new DateTime(2015, 5, 5, 5, 5, 5));
        MediaFactory.Truncate(workspace.InInbox("cam/cut.jpg"), 0.6);

        var run = await workspace.IngestAsync();

        Assert.Equal(1, run.Exit);
        Assert.Equal("quarantined", run.For("cam/empty.jpg").Outcome);
        Assert.Contains("empty", run.For("cam/empty.jpg").Reason);
        Assert.Equal("quarantined", run.For("cam/letter.jpg").Outcome);
        Assert.Contains("not an image or video", run.For("cam/letter.jpg").Reason);
        Assert.Equal("placed", run.For("cam/cut.jpg").Outcome);
        Assert.Equal(["cam/empty.jpg", "cam/letter.jpg"], LibrarianWorkspace.FilesUnder(workspace.Quarantine));
        var events = await workspace.QueryAsync(db => db.IngestEvents.OrderBy(e => e.SourcePath));
        Assert.All(events, e => Assert.Equal(IngestEventKind.Quarantined, e.Kind));
        Assert.Equal(["cam/empty.jpg", "cam/letter.jpg"], events.Select(e => e.SourcePath));
    }

    [Fact]
    public async Task Tool_files_junk_hidden_files_other_types_and_links_are_left_untouched_and_reported()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        var left = new[]
        {
            ".syncthing.IMG_9.JPG.tmp", "~syncthing~IMG_9.JPG.tmp", ".stignore", ".DS_Store", "Thumbs.db", "desktop.ini",
            ".hidden.jpg", "notes.pdf", "orphan.xmp",
        };
        foreach (var name in left)
        {
            await File.WriteAllTextAsync(workspace.InInbox(name), "x", TestContext.Current.CancellationToken);
        }

        await MediaFactory.JpegAsync(workspace.InInbox(".stfolder/IMG_8.JPG"), new DateTime(2014, 4, 4));
        await MediaFactory.JpegAsync(workspace.InInbox("@eaDir/IMG_8.JPG"), new DateTime(2014, 4, 4));
        await MediaFactory.JpegAsync(workspace.InInbox("outside.jpg.real"), new DateTime(2014, 4, 4));
        File.CreateSymbolicLink(workspace.InInbox("link.jpg"), workspace.InInbox("outside.jpg.real"));
        var before = LibrarianWorkspace.FilesUnder(workspace.Inbox);

        var run = await workspace.IngestAsync();

        Assert.Equal(0, run.Exit);
        Assert.Equal(before, LibrarianWorkspace.FilesUnder(workspace.Inbox));
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Originals));
        Assert.All(run.Report, e => Assert.Equal("ignored", e.Outcome));
        Assert.All(run.Report, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        Assert.Contains("symbolic link", run.For("link.jpg").Reason);
        Assert.Contains("Syncthing", run.For(".syncthing.IMG_9.JPG.tmp").Reason);
        Assert.Contains(".pdf", run.For("notes.pdf").Reason);
        Assert.Equal("sidecar without its photo", run.For("orphan.xmp").Reason);
        Assert.Equal("ignored", run.For(".stfolder/").Outcome);
        Assert.Equal("ignored", run.For("@eaDir/").Outcome);
    }

    [Fact]
    public async Task Bad_arguments_exit_with_2_and_say_how_to_call_it()
    {
        await using var process = ProcessRun.StartService("PhotoFactory.Librarian", ["ingest", "--inbox"]);
        Assert.Equal(2, await process.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("usage:", process.StandardError);

        await using var unknown = ProcessRun.StartService("PhotoFactory.Librarian", ["ingset"]);
        Assert.Equal(2, await unknown.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task An_unreachable_catalogue_exits_with_2_and_moves_nothing()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_1.JPG"), new DateTime(2020, 1, 1));
        await using var process = ProcessRun.StartService("PhotoFactory.Librarian",
            ["ingest", "--inbox", workspace.Inbox, "--originals", workspace.Originals],
            workspace.Environment(("ConnectionStrings__photofactory", "Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=2")));

        Assert.Equal(2, await process.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("catalogue", process.StandardError);
        Assert.Equal(["IMG_1.JPG"], LibrarianWorkspace.FilesUnder(workspace.Inbox));
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Originals));
    }
}
