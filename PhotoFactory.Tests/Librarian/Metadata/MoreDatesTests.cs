using PhotoFactory.Librarian.Metadata;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Metadata;

/// <summary>
/// Dates users expect beyond Exif and QuickTime: PNG's Creation Time text and its eXIf chunk, and the GPS receiver's
/// UTC stamp when nothing else has a date, put in the configured home time zone (the record names it) or else dated
/// by its UTC date. The files are written by exiftool, as a phone or editor would write them.
/// </summary>
public sealed class MoreDatesTests : IDisposable
{
    private readonly TempDirectory _temp = new("more-dates");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true, "2019:07:04 12:00:00")] // exiftool's form, beside ImageMagick's date:create and date:modify of today
    [InlineData(false, "Thu, 04 Jul 2019 12:00:00 GMT")] // the PNG specification's (RFC 1123)
    [InlineData(false, "Thu, 04 Jul 2019 12:00:00 +0000")]
    [InlineData(false, "2019-07-04T12:00:00")] // ISO 8601, as editors write it
    public async Task A_png_is_dated_by_its_creation_time_text_in_the_forms_in_use(bool byExifTool, string written)
    {
        var path = byExifTool
            ? await MediaFactory.PngAsync(_temp.Combine("drawing.png"), $"-PNG:CreationTime={written}")
            : HostileFiles.PngWithText(_temp.Combine("drawing.png"), "Creation Time", written);
        await using var host = new MetadataHost();

        var (_, decision) = await host.DecideAsync(path);

        Assert.Equal(CaptureSources.PngCreationTime, decision.Captured!.Source);
        Assert.Equal(new DateTime(2019, 7, 4, 12, 0, 0), decision.Captured.Local);
    }

    [Fact]
    public async Task A_png_is_dated_by_the_exif_in_its_exif_chunk()
    {
        var path = await MediaFactory.PngAsync(_temp.Combine("edited.png"), "-ExifIFD:DateTimeOriginal=2018:03:02 10:11:12");
        await using var host = new MetadataHost();

        var (metadata, decision) = await host.DecideAsync(path);

        Assert.Equal(CaptureSources.ExifDateTimeOriginal, decision.Captured!.Source);
        Assert.Equal(new DateTime(2018, 3, 2, 10, 11, 12), decision.Captured.Local);
        Assert.True(metadata.ReadWith.HasFlag(MetadataReaders.MetadataExtractor));
    }

    [Theory]
    [InlineData(null, "2017-01-01T03:30:00", CaptureSources.GpsDateTime, CaptureConfidence.UtcOnly)]
    [InlineData("America/Los_Angeles", "2016-12-31T19:30:00", "gps:DateTime@America/Los_Angeles", CaptureConfidence.HomeTimeZone)]
    [InlineData("Asia/Tokyo", "2017-01-01T12:30:00", "gps:DateTime@Asia/Tokyo", CaptureConfidence.HomeTimeZone)]
    public async Task A_photo_with_only_a_gps_stamp_is_dated_by_it_in_the_home_time_zone_when_one_is_set(
        string? home, string expected, string source, CaptureConfidence confidence)
    {
        var path = await MediaFactory.JpegAsync(_temp.Combine("photo.jpg"), tags: ["-GPS:GPSDateStamp=2017:01:01", "-GPS:GPSTimeStamp=03:30:00"]);
        File.SetLastWriteTimeUtc(path, new DateTime(2020, 5, 5, 10, 0, 0, DateTimeKind.Utc));
        await using var host = new MetadataHost(homeTimeZone: home);

        var (_, decision) = await host.DecideAsync(path);

        Assert.Equal(source, decision.Captured!.Source);
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), decision.Captured.Local);
        Assert.Equal(confidence, decision.Captured.Confidence);
    }

    [Fact]
    public async Task The_gps_stamp_gives_way_to_the_cameras_own_date_and_to_a_date_in_the_name()
    {
        string[] gps = ["-GPS:GPSDateStamp=2017:01:01", "-GPS:GPSTimeStamp=03:30:00"];
        var dated = await MediaFactory.JpegAsync(_temp.Combine("dated.jpg"), new DateTime(2015, 6, 6, 6, 6, 6), tags: gps);
        var named = await MediaFactory.JpegAsync(_temp.Combine("IMG_20160202_101010.jpg"), tags: gps);
        await using var host = new MetadataHost(homeTimeZone: "Europe/Berlin");

        Assert.Equal(CaptureSources.ExifDateTimeOriginal, (await host.DecideAsync(dated)).Decision.Captured!.Source);
        Assert.Equal(CaptureSources.FileName, (await host.DecideAsync(named)).Decision.Captured!.Source);
    }

    [Fact]
    public async Task Ingest_files_by_the_gps_stamp_in_the_configured_home_time_zone_and_records_the_zone()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await MediaFactory.JpegAsync(workspace.InInbox("photo.jpg"), tags: ["-GPS:GPSDateStamp=2017:01:01", "-GPS:GPSTimeStamp=03:30:00"]);
        string[] ingest = ["ingest", "--inbox", workspace.Inbox, "--originals", workspace.Originals, "--data", workspace.Data,
            "--quarantine", workspace.Quarantine, "--json"];

        await using var run = ProcessRun.StartService("PhotoFactory.Librarian", ingest,
            workspace.Environment(("Librarian__Metadata__HomeTimeZone", "America/Los_Angeles")));
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromMinutes(5)));

        Assert.Equal(["2016/2016-12-31/photo.jpg"], LibrarianWorkspace.FilesUnder(workspace.Originals));
        var asset = Assert.Single(await workspace.QueryAsync(db => db.MediaAssets));
        Assert.Equal("gps:DateTime@America/Los_Angeles", asset.CaptureDateSource);
    }

    [Fact]
    public async Task An_unknown_home_time_zone_stops_the_start_with_a_clear_message()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        string[] ingest = ["ingest", "--inbox", workspace.Inbox, "--originals", workspace.Originals, "--data", workspace.Data];

        await using var run = ProcessRun.StartService("PhotoFactory.Librarian", ingest,
            workspace.Environment(("Librarian__Metadata__HomeTimeZone", "Europe/Atlantis")));

        Assert.NotEqual(0, await run.WaitAsync(TimeSpan.FromMinutes(5)));
        Assert.Contains("Librarian:Metadata:HomeTimeZone must be an IANA time zone", run.StandardError + run.StandardOutput, StringComparison.Ordinal);
    }
}
