using PhotoFactory.Tests.Catalog;
using PhotoFactory.Librarian.Metadata;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Metadata;

/// <summary>
/// Reading one file's metadata is bounded: a PNG whose text inflates to a gigabyte, a JPEG whose XMP announces hundreds
/// of megabytes, boxes nested far past any camera's are not read, and the file is filed on the dates the other rules
/// give with the reason recorded. A file whose reading ends the process is recognised on the next start and, after a
/// second try, quarantined instead of ending the Librarian again and again.
/// </summary>
public sealed class MetadataLimitsTests
{
    private static readonly DateTime Taken = new(2019, 7, 4, 12, 0, 0);

    [Fact]
    public async Task A_png_whose_text_inflates_to_a_gigabyte_is_read_without_inflating_it()
    {
        using var folder = new TempDirectory("limits");
        var bomb = HostileFiles.PngWithTextBomb(folder.Combine("IMG_20190704_120000.png"), 1024L * 1024 * 1024);
        Assert.InRange(new FileInfo(bomb).Length, 1, 2 * 1024 * 1024); // a megabyte or so on disk
        await using var host = new MetadataHost();

        // Counted on this thread only (other tests run meanwhile): refusing the file needs no await, so the whole read runs here.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var reading = host.Reader.ReadAsync(bomb, TestContext.Current.CancellationToken);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(reading.IsCompleted, "the read went asynchronous; its allocations were not all counted");
        Assert.NotNull((await reading).ReadProblem);
        var (metadata, decision) = await host.DecideAsync(bomb);

        Assert.True(metadata.IsRecognisedMedia);
        Assert.Equal("metadata not read: its PNG zTXt chunk 'Comment' inflates to more than 16 MB", metadata.ReadProblem);
        Assert.InRange(allocated, 0, 64L * 1024 * 1024); // the text alone would take 1 GB, twice over as a string
        Assert.Equal(CaptureSources.FileName, decision.Captured!.Source);
        Assert.Equal(Taken, decision.Captured.Local);
    }

    [Theory]
    [InlineData(300_000_000u, 3)] // three parts announcing a 300 MB packet
    [InlineData(1_000_000u, 330)] // 21 MB of parts, whatever they announce
    public async Task A_jpeg_with_xmp_beyond_sixteen_megabytes_is_filed_on_its_name_with_the_reason(uint announced, int parts)
    {
        using var folder = new TempDirectory("limits");
        var plain = await MediaFactory.JpegAsync(folder.Combine("plain.jpg"), new DateTime(2001, 1, 1, 9, 0, 0));
        var hostile = HostileFiles.JpegWithExtendedXmp(plain, folder.Combine("IMG_20190704_120000.jpg"), announced, parts);
        await using var host = new MetadataHost();

        var (metadata, decision) = await host.DecideAsync(hostile);

        Assert.Equal("metadata not read: its XMP holds more than 16 MB", metadata.ReadProblem);
        Assert.Equal(CaptureSources.FileName, decision.Captured!.Source);
        Assert.Equal(Taken, decision.Captured.Local);
    }

    [Fact]
    public async Task An_ordinary_photo_keeps_its_metadata_under_the_limits()
    {
        using var folder = new TempDirectory("limits");
        var photo = await MediaFactory.JpegAsync(folder.Combine("photo.jpg"), new DateTime(2001, 1, 1, 9, 0, 0));
        await using var host = new MetadataHost();

        var (metadata, decision) = await host.DecideAsync(photo);

        Assert.Null(metadata.ReadProblem);
        Assert.Equal(CaptureSources.ExifDateTimeOriginal, decision.Captured!.Source);
    }

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task Boxes_nested_two_hundred_thousand_deep_are_filed_on_the_name_and_the_run_goes_on(CatalogProvider provider)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        HostileFiles.Mp4WithNestedBoxes(workspace.InInbox("VID_20190704_120000.mp4"), 200_000);
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_1.JPG"), Taken);

        var run = await workspace.IngestAsync();

        Assert.Equal(0, run.Exit);
        var video = run.For("VID_20190704_120000.mp4");
        Assert.Equal("placed", video.Outcome);
        Assert.Equal(CaptureSources.FileName, video.DateSource);
        Assert.Equal("placed", run.For("IMG_1.JPG").Outcome);
        var asset = Assert.Single(await workspace.QueryAsync(db => db.MediaAssets.Where(a => a.OriginalName == "VID_20190704_120000.mp4")));
        Assert.True(asset.HasErrors);
        Assert.Contains("metadata not read: its media boxes nest more than 32 deep", asset.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_whose_reading_ended_the_process_twice_is_quarantined_unread_and_the_rest_is_filed()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        // The process dies while it reads one file: here it is killed (SIGKILL) while a stand-in exiftool, asked about
        // the photo without a date, hangs; a parser's stack overflow or a native crash ends it the same way.
        using var scratch = new TempDirectory("limits");
        var started = scratch.Combine("exiftool-started");
        var exifTool = scratch.Combine("exiftool");
        File.WriteAllText(exifTool, $"#!/bin/sh\ntouch '{started}'\nexec sleep 600\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(exifTool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        await MediaFactory.JpegAsync(workspace.InInbox("undated.jpg"));
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_1.JPG"), Taken);
        var environment = workspace.Environment(("Librarian__Metadata__ExifToolPath", exifTool));
        string[] ingest = ["ingest", "--inbox", workspace.Inbox, "--originals", workspace.Originals, "--data", workspace.Data,
            "--quarantine", workspace.Quarantine, "--json"];

        for (var attempt = 1; attempt <= ReadingJournal.StrikesBeforeQuarantine; attempt++)
        {
            File.Delete(started);
            await using var dying = ProcessRun.StartService("PhotoFactory.Librarian", ingest, environment);
            await Eventually.HoldsAsync(() => File.Exists(started), $"attempt {attempt} reads undated.jpg", TimeSpan.FromMinutes(2));
            dying.Kill();
            Assert.Contains("undated.jpg", LibrarianWorkspace.FilesUnder(workspace.Inbox));
        }

        File.Delete(started);
        await using var third = ProcessRun.StartService("PhotoFactory.Librarian", ingest, environment);
        Assert.Equal(1, await third.WaitAsync(TimeSpan.FromMinutes(5))); // something quarantined

        Assert.False(File.Exists(started), "the file was read a third time");
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
        Assert.Equal(["undated.jpg"], LibrarianWorkspace.FilesUnder(workspace.Quarantine));
        Assert.Contains("reading its metadata ended the Librarian 2 times; it is not read again", third.StandardOutput, StringComparison.Ordinal);
        Assert.Single(await workspace.QueryAsync(db => db.MediaAssets.Where(a => a.OriginalName == "IMG_1.JPG")));
    }
}
