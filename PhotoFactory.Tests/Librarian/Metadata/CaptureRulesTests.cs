using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Librarian.Metadata;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Metadata;

/// <summary>Issue 3's ranked capture-time rules, on real files made for each case.</summary>
public sealed class CaptureRulesTests(MetadataFixture fixture) : IClassFixture<MetadataFixture>, IDisposable
{
    private static readonly TimeSpan EasternStandard = TimeSpan.FromHours(-5);
    private readonly TempDirectory _temp = new("metadata");

    private MetadataHost Host => fixture.Host;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Photo_with_offset_is_dated_by_its_local_wall_clock()
    {
        var path = await MediaFactory.JpegAsync(_temp.Combine("evening.jpg"), new DateTime(2021, 3, 4, 23, 30, 0), EasternStandard);

        var (metadata, decision) = await Host.DecideAsync(path);

        var captured = decision.Captured!;
        Assert.Equal(new DateOnly(2021, 3, 4), captured.FolderDate);
        Assert.Equal(new DateTime(2021, 3, 4, 23, 30, 0), captured.Local);
        Assert.Equal(DateTimeKind.Unspecified, captured.Local.Kind);
        Assert.Equal(EasternStandard, captured.Offset);
        Assert.Equal(CaptureSources.ExifDateTimeOriginal, captured.Source);
        Assert.Equal(CaptureConfidence.LocalWithOffset, captured.Confidence);
        Assert.Equal(new DateTimeOffset(2021, 3, 5, 4, 30, 0, TimeSpan.Zero), captured.Instant);
        Assert.Equal(captured, metadata.Captured);
        Assert.Equal(MetadataReaders.MetadataExtractor, metadata.ReadWith);
        Assert.Null(metadata.ReadProblem);
    }

    [Fact]
    public async Task Photo_without_offset_keeps_its_wall_clock_and_sub_seconds()
    {
        var path = await MediaFactory.JpegAsync(_temp.Combine("plain.jpg"), new DateTime(2019, 12, 31, 23, 59, 59), tags: "-ExifIFD:SubSecTimeOriginal=045");

        var captured = (await Host.DecideAsync(path)).Decision.Captured!;

        Assert.Equal(new DateTime(2019, 12, 31, 23, 59, 59, 45), captured.Local);
        Assert.Null(captured.Offset);
        Assert.Equal(CaptureConfidence.LocalWithoutOffset, captured.Confidence);
        Assert.Equal(new DateOnly(2019, 12, 31), captured.FolderDate);
    }

    [Fact]
    public async Task DateTimeOriginal_wins_over_CreateDate()
    {
        var path = await MediaFactory.JpegAsync(_temp.Combine("both.jpg"), new DateTime(2020, 1, 1, 10, 0, 0), tags: "-ExifIFD:CreateDate=2021:02:02 10:00:00");

        var captured = (await Host.DecideAsync(path)).Decision.Captured!;

        Assert.Equal(CaptureSources.ExifDateTimeOriginal, captured.Source);
        Assert.Equal(new DateOnly(2020, 1, 1), captured.FolderDate);
    }

    [Fact]
    public async Task CreateDate_with_its_offset_is_used_when_DateTimeOriginal_is_missing_and_wins_over_XMP()
    {
        var path = await MediaFactory.JpegAsync(_temp.Combine("digitized.jpg"),
            tags: ["-ExifIFD:CreateDate=2021:02:02 00:30:00", "-ExifIFD:OffsetTimeDigitized=+01:00", "-XMP-photoshop:DateCreated=2019:09:09 09:09:09"]);

        var captured = (await Host.DecideAsync(path)).Decision.Captured!;

        Assert.Equal(CaptureSources.ExifCreateDate, captured.Source);
        Assert.Equal(new DateTime(2021, 2, 2, 0, 30, 0), captured.Local);
        Assert.Equal(TimeSpan.FromHours(1), captured.Offset);
    }

    [Fact]
    public async Task Apple_creationdate_keeps_its_offset_and_wins_over_the_UTC_QuickTime_date()
    {
        // 22:30 in New York is 03:30 UTC the next day: filed by UTC, this clip would land a day late.
        var path = await MediaFactory.VideoAsync(_temp.Combine("IMG_0001.MOV"), creationTimeUtc: new DateTime(2021, 7, 1, 3, 30, 0),
            appleCreationDate: "2021-06-30T22:30:00-0500");

        var (metadata, decision) = await Host.DecideAsync(path);

        var captured = decision.Captured!;
        Assert.Equal(CaptureSources.QuickTimeCreationDate, captured.Source);
        Assert.Equal(new DateTime(2021, 6, 30, 22, 30, 0), captured.Local);
        Assert.Equal(EasternStandard, captured.Offset);
        Assert.Equal(new DateOnly(2021, 6, 30), captured.FolderDate);
        Assert.Equal(MetadataReaders.MetadataExtractor, metadata.ReadWith);
        Assert.Equal(MediaKind.Video, metadata.Kind);
        Assert.Equal(1, metadata.DurationSeconds!.Value, precision: 1);
    }

    [Fact]
    public async Task Embedded_XMP_date_is_used_when_there_is_no_EXIF_date_and_wins_over_a_sidecar()
    {
        var path = await MediaFactory.PngAsync(_temp.Combine("drawing.png"), "-XMP-photoshop:DateCreated=2019:09:09 23:09:09+02:00");
        await File.WriteAllTextAsync(_temp.Combine("drawing.png.xmp"), Xmp("2011-01-01T01:01:01"), TestContext.Current.CancellationToken);

        var captured = (await Host.DecideAsync(path)).Decision.Captured!;

        Assert.Equal(CaptureSources.XmpDateCreated, captured.Source);
        Assert.Equal(new DateTime(2019, 9, 9, 23, 9, 9), captured.Local);
        Assert.Equal(TimeSpan.FromHours(2), captured.Offset);
    }

    [Theory]
    [InlineData("IMG_1.JPG.xmp")]
    [InlineData("IMG_1.xmp")]
    [InlineData("img_1.XMP")]
    public async Task XMP_sidecar_dates_a_photo_that_has_no_date_of_its_own(string sidecarName)
    {
        var path = await MediaFactory.JpegAsync(_temp.Combine("IMG_1.JPG"));
        await File.WriteAllTextAsync(_temp.Combine(sidecarName), Xmp("2018-08-08T08:08:08+09:00"), TestContext.Current.CancellationToken);

        var captured = (await Host.DecideAsync(path)).Decision.Captured!;

        Assert.Equal(CaptureSources.SidecarPrefix + CaptureSources.XmpDateCreated, captured.Source);
        Assert.Equal(new DateTime(2018, 8, 8, 8, 8, 8), captured.Local);
        Assert.Equal(TimeSpan.FromHours(9), captured.Offset);
    }

    [Fact]
    public async Task XMP_sidecar_wins_over_Google_Takeout()
    {
        var path = await MediaFactory.JpegAsync(_temp.Combine("IMG_2.jpg"));
        await File.WriteAllTextAsync(_temp.Combine("IMG_2.jpg.xmp"), Xmp("2018-08-08T08:08:08"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(_temp.Combine("IMG_2.jpg.json"), Takeout(1423080044), TestContext.Current.CancellationToken);

        var captured = (await Host.DecideAsync(path)).Decision.Captured!;

        Assert.Equal(CaptureSources.SidecarPrefix + CaptureSources.XmpDateCreated, captured.Source);
    }

    [Fact]
    public async Task Google_Takeout_photoTakenTime_and_geoData_date_and_place_a_photo_without_metadata()
    {
        var path = await MediaFactory.JpegAsync(_temp.Combine("2015-02-04(1).jpg"));
        await File.WriteAllTextAsync(_temp.Combine("2015-02-04.jpg(1).json"), Takeout(1423080044, latitude: 48.8584, longitude: 2.2945), TestContext.Current.CancellationToken);

        var decision = (await Host.DecideAsync(path)).Decision;

        var captured = decision.Captured!;
        Assert.Equal(CaptureSources.TakeoutPhotoTakenTime, captured.Source);
        Assert.Equal(new DateTime(2015, 2, 4, 20, 0, 44), captured.Local);
        Assert.Equal(CaptureConfidence.UtcOnly, captured.Confidence);
        Assert.Equal(48.8584, decision.Location!.Latitude, precision: 4);
        Assert.Equal(2.2945, decision.Location.Longitude, precision: 4);
    }

    [Fact]
    public async Task Google_Takeout_geoData_does_not_replace_the_photos_own_location_and_null_island_is_ignored()
    {
        var own = await MediaFactory.JpegAsync(_temp.Combine("own.jpg"), new DateTime(2020, 5, 5, 12, 0, 0), gps: (-33.8688, 151.2093));
        await File.WriteAllTextAsync(_temp.Combine("own.jpg.json"), Takeout(1423080044, latitude: 48.8584, longitude: 2.2945), TestContext.Current.CancellationToken);
        var none = await MediaFactory.JpegAsync(_temp.Combine("none.jpg"));
        await File.WriteAllTextAsync(_temp.Combine("none.jpg.json"), Takeout(1423080044, latitude: 0, longitude: 0), TestContext.Current.CancellationToken);

        var ownDecision = (await Host.DecideAsync(own)).Decision;
        var noneDecision = (await Host.DecideAsync(none)).Decision;

        Assert.Equal(-33.8688, ownDecision.Location!.Latitude, precision: 4);
        Assert.Equal(151.2093, ownDecision.Location.Longitude, precision: 4);
        Assert.Null(noneDecision.Location);
    }

    [Fact]
    public async Task Google_Takeout_wins_over_the_QuickTime_UTC_date()
    {
        var path = await MediaFactory.VideoAsync(_temp.Combine("clip.mp4"), creationTimeUtc: new DateTime(2021, 1, 1, 12, 0, 0));
        await File.WriteAllTextAsync(_temp.Combine("clip.mp4.json"), Takeout(1423080044), TestContext.Current.CancellationToken);

        var captured = (await Host.DecideAsync(path)).Decision.Captured!;

        Assert.Equal(CaptureSources.TakeoutPhotoTakenTime, captured.Source);
        Assert.Equal(new DateOnly(2015, 2, 4), captured.FolderDate);
    }

    [Fact]
    public async Task Video_with_only_a_UTC_time_is_filed_under_its_UTC_date()
    {
        var path = await MediaFactory.VideoAsync(_temp.Combine("VID_20200101_101010.mp4"), creationTimeUtc: new DateTime(2021, 7, 1, 2, 0, 0));

        var captured = (await Host.DecideAsync(path)).Decision.Captured!;

        Assert.Equal(CaptureSources.QuickTimeCreateDate, captured.Source);
        Assert.Equal(new DateTime(2021, 7, 1, 2, 0, 0), captured.Local);
        Assert.Equal(TimeSpan.Zero, captured.Offset);
        Assert.Equal(CaptureConfidence.UtcOnly, captured.Confidence);
    }

    [Fact]
    public async Task Video_UTC_time_is_localised_with_its_live_photo_partners_offset()
    {
        var path = await MediaFactory.VideoAsync(_temp.Combine("IMG_0002.MOV"), creationTimeUtc: new DateTime(2021, 7, 1, 3, 30, 0));
        var still = new CaptureTime(new DateTime(2021, 6, 30, 22, 29, 59), EasternStandard, CaptureSources.ExifDateTimeOriginal, CaptureConfidence.LocalWithOffset);

        var captured = (await Host.DecideAsync(path, partner: still)).Decision.Captured!;

        Assert.Equal(CaptureSources.QuickTimeCreateDate, captured.Source);
        Assert.Equal(new DateTime(2021, 6, 30, 22, 30, 0), captured.Local);
        Assert.Equal(EasternStandard, captured.Offset);
        Assert.Equal(new DateOnly(2021, 6, 30), captured.FolderDate);
        Assert.Equal(CaptureConfidence.LocalWithOffset, captured.Confidence);
    }

    [Fact]
    public async Task A_partner_that_only_knows_UTC_does_not_shift_a_video()
    {
        var path = await MediaFactory.VideoAsync(_temp.Combine("IMG_0003.MOV"), creationTimeUtc: new DateTime(2021, 7, 1, 3, 30, 0));
        var partner = new CaptureTime(new DateTime(2021, 7, 1, 3, 30, 0), TimeSpan.Zero, CaptureSources.QuickTimeCreateDate, CaptureConfidence.UtcOnly);

        var captured = (await Host.DecideAsync(path, partner)).Decision.Captured!;

        Assert.Equal(CaptureConfidence.UtcOnly, captured.Confidence);
        Assert.Equal(new DateOnly(2021, 7, 1), captured.FolderDate);
    }

    [Fact]
    public async Task Zero_QuickTime_date_from_1904_is_skipped_for_the_file_name()
    {
        var path = await MediaFactory.VideoAsync(_temp.Combine("VID_20200101_101010.mp4"));

        var captured = (await Host.DecideAsync(path)).Decision.Captured!;

        Assert.Equal(CaptureSources.FileName, captured.Source);
        Assert.Equal(new DateTime(2020, 1, 1, 10, 10, 10), captured.Local);
        Assert.Equal(CaptureConfidence.FileName, captured.Confidence);
    }

    [Fact]
    public async Task File_name_date_is_used_for_a_photo_without_metadata()
    {
        var path = await MediaFactory.JpegAsync(_temp.Combine("PXL_20230704_235959123.jpg"));

        var captured = (await Host.DecideAsync(path)).Decision.Captured!;

        Assert.Equal(CaptureSources.FileName, captured.Source);
        Assert.Equal(new DateTime(2023, 7, 4, 23, 59, 59, 123), captured.Local);
    }

    [Fact]
    public async Task Modification_time_is_the_last_resort_in_the_hosts_time_zone()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("Plus Two", TimeSpan.FromHours(2), "Plus Two", "Plus Two"));
        await using var host = new MetadataHost(time: time);
        var path = await MediaFactory.JpegAsync(_temp.Combine("holiday.jpg"));
        File.SetLastWriteTimeUtc(path, new DateTime(2020, 5, 5, 23, 30, 0, DateTimeKind.Utc));

        var captured = (await host.DecideAsync(path)).Decision.Captured!;

        Assert.Equal(CaptureSources.FileTime, captured.Source);
        Assert.Equal(CaptureConfidence.FileTime, captured.Confidence);
        Assert.Equal(new DateTime(2020, 5, 6, 1, 30, 0), captured.Local);
        Assert.Equal(TimeSpan.FromHours(2), captured.Offset);
    }

    [Theory]
    [InlineData("0000:00:00 00:00:00")]
    [InlineData("1800:01:01 12:00:00")]
    [InlineData("2099:01:01 12:00:00")]
    public async Task Zeroed_ancient_or_future_DateTimeOriginal_is_skipped_for_the_next_source(string broken)
    {
        var path = await MediaFactory.JpegAsync(_temp.Combine("broken-clock.jpg"),
            tags: [$"-ExifIFD:DateTimeOriginal={broken}", "-ExifIFD:CreateDate=2020:06:06 06:06:06"]);

        var captured = (await Host.DecideAsync(path)).Decision.Captured!;

        Assert.Equal(CaptureSources.ExifCreateDate, captured.Source);
        Assert.Equal(new DateOnly(2020, 6, 6), captured.FolderDate);
    }

    [Fact]
    public async Task Photo_location_is_read_with_its_hemisphere()
    {
        var path = await MediaFactory.JpegAsync(_temp.Combine("sydney.jpg"), new DateTime(2020, 5, 5, 12, 0, 0), gps: (-33.8688, -151.2093));

        var metadata = await Host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(-33.8688, metadata.Location!.Latitude, precision: 4);
        Assert.Equal(-151.2093, metadata.Location.Longitude, precision: 4);
    }

    [Fact]
    public async Task GPS_zero_zero_is_no_location()
    {
        var path = await MediaFactory.JpegAsync(_temp.Combine("null-island.jpg"), new DateTime(2020, 5, 5, 12, 0, 0), gps: (0, 0));

        var metadata = await Host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Null(metadata.Location);
        Assert.NotNull(metadata.Captured);
    }

    [Theory]
    [InlineData("DSC_0001.NEF", "image/x-nikon-nef")]
    [InlineData("IMG_0001.dng", "image/x-adobe-dng")]
    public async Task RAW_date_is_found_in_a_later_Exif_SubIFD(string name, string mimeType)
    {
        var path = RawTiff.Write(_temp.Combine(name), new DateTime(2010, 3, 1, 21, 50, 21), TimeSpan.FromHours(1));

        var metadata = await Host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);

        // The pitfall: the first Exif SubIFD MetadataExtractor reports is an image IFD without the date.
        var subIfds = ImageMetadataReader.ReadMetadata(path).OfType<ExifSubIfdDirectory>().ToList();
        Assert.True(subIfds.Count >= 3);
        Assert.False(subIfds[0].ContainsTag(ExifDirectoryBase.TagDateTimeOriginal));

        Assert.Equal(new DateTime(2010, 3, 1, 21, 50, 21), metadata.Captured!.Local);
        Assert.Equal(CaptureSources.ExifDateTimeOriginal, metadata.Captured.Source);
        Assert.Equal(MediaKind.Raw, metadata.Kind);
        Assert.Equal(mimeType, metadata.MimeType);
        Assert.Equal("NIKON CORPORATION", metadata.CameraMake);
        Assert.Equal(4288, metadata.Width);
        Assert.Equal(MetadataReaders.MetadataExtractor, metadata.ReadWith);
    }

    [Fact]
    public async Task Live_photo_video_carries_the_content_identifier_that_pairs_it_with_its_still()
    {
        const string id = "ED69AFC7-A2EB-4FE9-88A0-54293FC2478F";
        var path = await MediaFactory.VideoAsync(_temp.Combine("IMG_2929.MOV"), new DateTime(2020, 5, 4, 22, 44, 6),
            appleCreationDate: "2020-05-04T18:44:06-0400", contentIdentifier: id);

        var metadata = await Host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(id, metadata.ContentIdentifier);
        Assert.Equal(new DateOnly(2020, 5, 4), metadata.Captured!.FolderDate);
        Assert.Equal(MetadataReaders.MetadataExtractor, metadata.ReadWith);
    }

    private static string Xmp(string dateCreated) =>
        $"""
        <?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
          <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:DateCreated="{dateCreated}"/>
          </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="w"?>
        """;

    private static string Takeout(long photoTakenTime, double latitude = 0, double longitude = 0) =>
        $$"""
        {
          "title": "photo.jpg",
          "creationTime": { "timestamp": "1575946773", "formatted": "Dec 10, 2019, 2:59:33 AM UTC" },
          "photoTakenTime": { "timestamp": "{{photoTakenTime}}", "formatted": "whatever" },
          "geoData": { "latitude": {{latitude.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "longitude": {{longitude.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "altitude": 0.0 }
        }
        """;
}
