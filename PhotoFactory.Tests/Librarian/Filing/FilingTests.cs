using PhotoFactory.Catalog.Assets;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary>Where files go, what they are named and what travels with them: the real Librarian, run as ingest.</summary>
public sealed class FilingTests
{
    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task Photo_with_offset_is_filed_under_its_local_date_read_only_catalogued_and_removed_from_inbox(CatalogProvider provider)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        // 23:30 at -05:00 is already the next day in UTC; the folder follows the local calendar.
        await MediaFactory.JpegAsync(workspace.InInbox("phone/IMG_0001.JPG"), new DateTime(2021, 5, 1, 23, 30, 0), TimeSpan.FromHours(-5), (48.8584, 2.2945));

        var run = await workspace.IngestAsync();

        Assert.Equal(0, run.Exit);
        var entry = run.For("phone/IMG_0001.JPG");
        Assert.Equal("placed", entry.Outcome);
        Assert.Equal("2021/2021-05-01/IMG_0001.JPG", entry.Destination);
        Assert.Equal("2021-05-01T23:30:00-05:00", entry.CapturedAt);
        Assert.Equal("exif:DateTimeOriginal", entry.DateSource);
        Assert.Equal(48.8584, entry.Latitude!.Value, 3);
        Assert.False(File.Exists(workspace.InInbox("phone/IMG_0001.JPG")));

        var stored = workspace.InOriginals("2021/2021-05-01/IMG_0001.JPG");
        Assert.True(File.Exists(stored));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(stored));
        }

        var asset = Assert.Single(await workspace.QueryAsync(db => db.MediaAssets));
        Assert.Equal(entry.Sha256, asset.Sha256);
        Assert.Equal("phone/IMG_0001.JPG", asset.OriginalPath);
        Assert.Equal("2021/2021-05-01/IMG_0001.JPG", asset.FinalPath);
        Assert.Equal(new DateTime(2021, 5, 1, 23, 30, 0), asset.CapturedAtLocal);
        Assert.Equal(-300, asset.CaptureOffsetMinutes);
        Assert.Equal(MediaKind.Photo, asset.Kind);
        Assert.Equal(new FileInfo(stored).Length, asset.SizeBytes);
    }

    [Fact]
    public async Task A_name_already_taken_by_different_content_gets_a_numbered_name()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        var day = new DateTime(2019, 7, 4, 12, 0, 0);
        await MediaFactory.JpegAsync(workspace.InInbox("a/IMG_1.JPG"), day);
        await MediaFactory.JpegAsync(workspace.InInbox("b/IMG_1.JPG"), day.AddMinutes(1));
        await MediaFactory.JpegAsync(workspace.InInbox("c/IMG_1.JPG"), day.AddMinutes(2));

        var run = await workspace.IngestAsync();

        Assert.Equal(0, run.Exit);
        Assert.Equal(["2019/2019-07-04/IMG_1.JPG", "2019/2019-07-04/IMG_1_1.JPG", "2019/2019-07-04/IMG_1_2.JPG"],
            LibrarianWorkspace.FilesUnder(workspace.Originals));
        Assert.Equal(3, run.Report.Count(e => e.Outcome == "placed"));
        Assert.Equal(3, run.Report.Select(e => e.Sha256).Distinct().Count());
    }

    [Fact]
    public async Task Files_of_one_name_in_many_folders_are_numbered_in_path_order_however_many_other_files_lie_between()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        var day = new DateTime(2019, 7, 4, 12, 0, 0);
        // The inbox is planned folder by folder; the name IMG_1.JPG recurs in three folders among other photos.
        foreach (var folder in new[] { "c", "a", "b" })
        {
            await MediaFactory.JpegAsync(workspace.InInbox($"{folder}/IMG_1.JPG"), day.AddMinutes(folder[0]));
            for (var i = 2; i < 6; i++)
            {
                await MediaFactory.JpegAsync(workspace.InInbox($"{folder}/IMG_{folder}{i}.JPG"), day.AddMinutes(folder[0] * 10 + i));
            }
        }

        var run = await workspace.IngestAsync();

        Assert.Equal(0, run.Exit);
        Assert.Equal("2019/2019-07-04/IMG_1.JPG", run.For("a/IMG_1.JPG").Destination);
        Assert.Equal("2019/2019-07-04/IMG_1_1.JPG", run.For("b/IMG_1.JPG").Destination);
        Assert.Equal("2019/2019-07-04/IMG_1_2.JPG", run.For("c/IMG_1.JPG").Destination);
        Assert.Equal(15, run.Report.Count(e => e.Outcome == "placed"));
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
    }

    [Fact]
    public async Task Sidecars_travel_with_their_photo_and_follow_its_new_name()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        var day = new DateTime(2018, 2, 3, 10, 0, 0);
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_7.JPG"), day);
        await File.WriteAllTextAsync(workspace.InInbox("IMG_7.JPG.xmp"), "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(workspace.InInbox("IMG_7.AAE"), "<plist/>", TestContext.Current.CancellationToken);
        await MediaFactory.JpegAsync(workspace.InInbox("older/IMG_7.JPG"), day.AddHours(1));
        await File.WriteAllTextAsync(workspace.InInbox("older/IMG_7.xmp"), "<x:xmpmeta xmlns:x='adobe:ns:meta/'><!--2--></x:xmpmeta>", TestContext.Current.CancellationToken);

        var run = await workspace.IngestAsync();

        Assert.Equal(0, run.Exit);
        Assert.Equal(
            ["2018/2018-02-03/IMG_7.AAE", "2018/2018-02-03/IMG_7.JPG", "2018/2018-02-03/IMG_7.JPG.xmp", "2018/2018-02-03/IMG_7_1.JPG", "2018/2018-02-03/IMG_7_1.xmp"],
            LibrarianWorkspace.FilesUnder(workspace.Originals));
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
        Assert.Contains("2018/2018-02-03/IMG_7_1.xmp", run.For("older/IMG_7.JPG").Sidecars!);
    }

    [Fact]
    public async Task A_live_photo_video_follows_its_still_across_midnight()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        // The still says 23:59:58 local at +02:00; the video's QuickTime clock is UTC and, localised, falls on the next day.
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_5678.JPG"), new DateTime(2022, 8, 14, 23, 59, 58), TimeSpan.FromHours(2));
        await MediaFactory.VideoAsync(workspace.InInbox("IMG_5678.MOV"), creationTimeUtc: new DateTime(2022, 8, 14, 22, 0, 3, DateTimeKind.Utc));

        var run = await workspace.IngestAsync();

        Assert.Equal(0, run.Exit);
        Assert.Equal("2022/2022-08-14/IMG_5678.JPG", run.For("IMG_5678.JPG").Destination);
        Assert.Equal("2022/2022-08-14/IMG_5678.MOV", run.For("IMG_5678.MOV").Destination);
    }

    [Fact]
    public async Task Copy_mode_files_everything_and_leaves_the_inbox_untouched()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_1.JPG"), new DateTime(2020, 1, 2, 3, 4, 5));
        var before = LibrarianWorkspace.FilesUnder(workspace.Inbox);

        var first = await workspace.IngestAsync("--copy");
        var second = await workspace.IngestAsync("--copy");

        Assert.Equal("placed", first.For("IMG_1.JPG").Outcome);
        Assert.Equal("duplicate", second.For("IMG_1.JPG").Outcome);
        Assert.Equal(before, LibrarianWorkspace.FilesUnder(workspace.Inbox));
        Assert.Equal(["2020/2020-01-02/IMG_1.JPG"], LibrarianWorkspace.FilesUnder(workspace.Originals));
    }

    [Fact]
    public async Task Dry_run_says_what_would_happen_and_changes_nothing()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await MediaFactory.JpegAsync(workspace.InInbox("a/IMG_1.JPG"), new DateTime(2020, 1, 2, 3, 4, 5));
        File.Copy(workspace.InInbox("a/IMG_1.JPG"), workspace.InInbox("b/IMG_1.JPG"));
        await MediaFactory.JpegAsync(workspace.InInbox("c/IMG_1.JPG"), new DateTime(2020, 1, 2, 9, 0, 0));
        MediaFactory.Text(workspace.InInbox("broken.jpg"));
        var before = LibrarianWorkspace.FilesUnder(workspace.Inbox);

        var run = await workspace.IngestAsync("--dry-run");
        var real = await workspace.IngestAsync("--copy");

        Assert.Equal(1, run.Exit);
        // Files of one name are decided in path order, so the dry run and the real run agree on every name.
        Assert.Equal("placed", run.For("a/IMG_1.JPG").Outcome);
        Assert.Equal("2020/2020-01-02/IMG_1.JPG", run.For("a/IMG_1.JPG").Destination);
        Assert.Equal("duplicate", run.For("b/IMG_1.JPG").Outcome);
        Assert.Equal("2020/2020-01-02/IMG_1_1.JPG", run.For("c/IMG_1.JPG").Destination);
        Assert.Equal("quarantined", run.For("broken.jpg").Outcome);
        Assert.Equal(run.Report.Select(e => (e.Source, e.Outcome, e.Destination)).Order(), real.Report.Select(e => (e.Source, e.Outcome, e.Destination)).Order());
        Assert.Equal(before, LibrarianWorkspace.FilesUnder(workspace.Inbox));
    }

    [Fact]
    public async Task Dry_run_changes_no_file_and_records_nothing()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await MediaFactory.JpegAsync(workspace.InInbox("a/IMG_1.JPG"), new DateTime(2020, 1, 2, 3, 4, 5));
        MediaFactory.Text(workspace.InInbox("broken.jpg"));
        var before = LibrarianWorkspace.FilesUnder(workspace.Inbox);

        var run = await workspace.IngestAsync("--dry-run");

        Assert.Equal(2, run.Report.Count);
        Assert.Equal(before, LibrarianWorkspace.FilesUnder(workspace.Inbox));
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Originals));
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Quarantine));
        Assert.Empty(await workspace.QueryAsync(db => db.MediaAssets));
        Assert.Empty(await workspace.QueryAsync(db => db.IngestEvents));
    }
}
