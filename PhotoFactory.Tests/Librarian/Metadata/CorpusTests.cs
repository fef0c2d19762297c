using System.Diagnostics;
using System.Globalization;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Librarian.Metadata;
using PhotoFactory.Librarian.Planning;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Metadata;

/// <summary>
/// The metadata stage on 144 real camera files (<c>PHOTOFACTORY_CORPUS</c>, read in place). Without the variable these
/// fail; leave them out with <c>--filter "Category!=Corpus"</c>.
/// </summary>
[Trait("Category", CorpusFolder.Category)]
public sealed class CorpusTests(MetadataFixture fixture) : IClassFixture<MetadataFixture>
{
    private MetadataHost Host => fixture.Host;

    [Fact]
    public async Task Every_file_with_an_embedded_capture_date_gets_the_expected_folder()
    {
        var rows = CorpusFolder.Facts().Where(row => row["expected_folder_date_when_embedded"].Length > 0).ToList();
        var disagreements = new List<string>();
        var notMediaByDesign = new List<string>();
        foreach (var row in rows)
        {
            var path = CorpusFolder.PathOf(row["path"]);
            var expected = DateOnly.ParseExact(row["expected_folder_date_when_embedded"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var (metadata, decision) = await Host.DecideAsync(path);
            if (!MediaTypes.IsMedia(path) && !metadata.IsRecognisedMedia)
            {
                // A PDF and an XMP sidecar carry capture dates but are not photos: they are quarantined (PDF) or travel with their photo (XMP).
                notMediaByDesign.Add(row["path"]);
                continue;
            }

            var embedded = metadata.Captured;
            if (embedded?.FolderDate != expected || decision.Captured?.FolderDate != expected)
            {
                disagreements.Add($"{row["path"]}: expected {expected}, file says {embedded?.FolderDate} ({embedded?.Source}), decided {decision.Captured?.FolderDate} ({decision.Captured?.Source}); {metadata.ReadProblem}");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{rows.Count - disagreements.Count - notMediaByDesign.Count} of {rows.Count - notMediaByDesign.Count} media files agree; not media by design: {string.Join(", ", notMediaByDesign)}");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        Assert.Equal(["exiftool+exiftool/t/images/PDF.pdf", "photoprism+photoprism/assets/examples/iphone_7.xmp"], notMediaByDesign.Order());
    }

    [Fact]
    public async Task Samsung_S24_HEIC_that_MetadataExtractor_throws_on_is_read_by_exiftool()
    {
        var metadata = await ReadAsync("drewnoakes+metadata-extractor-images/heic/Issue 437 (dotnet).heic");

        Assert.Equal(new DateTime(2025, 5, 9, 11, 38, 44, 823), metadata.Captured!.Local);
        Assert.Equal(TimeSpan.FromHours(2), metadata.Captured.Offset);
        Assert.Equal(CaptureSources.ExifDateTimeOriginal, metadata.Captured.Source);
        Assert.Equal(MetadataReaders.ExifTool, metadata.ReadWith);
        Assert.Contains("ArgumentOutOfRangeException", metadata.ReadProblem);
        Assert.Equal("samsung", metadata.CameraMake);
    }

    [Theory]
    [InlineData("drewnoakes+metadata-extractor-images/avif/Issue 649.avif", MediaFormat.Avif, "2015-10-11T14:41:44", null, "exif:DateTimeOriginal")]
    [InlineData("exiftool+exiftool/t/images/M2TS.mts", MediaFormat.MpegTransportStream, "2008-12-31T23:16:24", "01:00", "h264:DateTimeOriginal")]
    [InlineData("exiftool+exiftool/t/images/Matroska.mkv", MediaFormat.Matroska, "2010-02-03T21:17:48", "00:00", "matroska:DateTimeOriginal")]
    [InlineData("exiftool+exiftool/t/images/CanonRaw.crw", MediaFormat.CanonCrw, "2003-11-10T17:39:26", null, "canonraw:DateTimeOriginal")]
    [InlineData("exiftool+exiftool/t/images/Minolta.mrw", MediaFormat.MinoltaMrw, "2004-11-18T23:14:58", null, "exif:DateTimeOriginal")]
    [InlineData("exiftool+exiftool/t/images/SigmaDP2.x3f", MediaFormat.SigmaX3f, "2009-11-28T13:05:20", null, "exif:DateTimeOriginal")]
    [InlineData("photoprism+photoprism/pkg/media/video/testdata/quicktime-jpeg.mov", MediaFormat.QuickTime, "2003-06-29T17:17:17", "00:00", "quicktime:CreateDate")]
    public async Task Formats_MetadataExtractor_cannot_read_are_dated_by_exiftool(string file, MediaFormat format, string local, string? offset, string source)
    {
        var metadata = await ReadAsync(file);

        Assert.Equal(format, metadata.Format);
        Assert.Equal(DateTime.Parse(local, CultureInfo.InvariantCulture), metadata.Captured!.Local, TimeSpan.FromSeconds(1));
        Assert.Equal(offset is null ? null : TimeSpan.Parse(offset, CultureInfo.InvariantCulture), metadata.Captured.Offset);
        Assert.Equal(source, metadata.Captured.Source);
        Assert.Equal(MetadataReaders.ExifTool, metadata.ReadWith);
    }

    [Fact]
    public async Task Samsung_motion_photo_keeps_its_local_day_though_in_UTC_it_is_the_next()
    {
        var metadata = await ReadAsync("immich-app+test-assets/formats/motionphoto/samsung-one-ui-6.heic");

        Assert.Equal(new DateOnly(2024, 1, 12), metadata.Captured!.FolderDate);
        Assert.Equal(new DateTimeOffset(2024, 1, 13, 5, 38, 53, 853, TimeSpan.Zero), metadata.Captured.Instant);
    }

    [Theory]
    [InlineData("drewnoakes+metadata-extractor-images/jpg/Samsung GT-I9000 (Galaxy S).jpg")]
    [InlineData("drewnoakes+metadata-extractor-images/jpg/Issue 308.jpg")]
    [InlineData("drewnoakes+metadata-extractor-images/jpg/FLIR Vue Pro 640.jpg")]
    [InlineData("drewnoakes+metadata-extractor-images/heic/Issue 487.heic")]
    [InlineData("drewnoakes+metadata-extractor-images/mp4/ftyp3gp5.mp4")]
    [InlineData("photoprism+photoprism/pkg/media/video/testdata/isom-avc1.mp4")]
    [InlineData("photoprism+photoprism/internal/meta/testdata/image-2011.jpg")]
    [InlineData("photoprism+photoprism/internal/meta/testdata/buggy_panorama.jpg")]
    [InlineData("jmathai+elodie/elodie/tests/files/with-null-coordinates.jpg")]
    public async Task Null_island_out_of_range_and_empty_GPS_are_no_location(string file)
    {
        var metadata = await ReadAsync(file);

        Assert.True(metadata.IsRecognisedMedia);
        Assert.Null(metadata.Location);
    }

    [Theory]
    [InlineData("jmathai+elodie/elodie/tests/files/with-location-inv.jpg", -37.3667, 122.0334)]
    [InlineData("jmathai+elodie/elodie/tests/files/with-location-zero-coordinate.jpg", 51.5533, -0.0042)]
    [InlineData("drewnoakes+metadata-extractor-images/mp4/with-gps.mp4", 51.4169, -0.0806)]
    [InlineData("drewnoakes+metadata-extractor-images/jpg/Nokia Lumia 800.jpg", 53.3595, -6.2582)]
    public async Task Real_locations_are_read_with_their_hemisphere(string file, double latitude, double longitude)
    {
        var metadata = await ReadAsync(file);

        Assert.Equal(latitude, metadata.Location!.Latitude, tolerance: 0.0005);
        Assert.Equal(longitude, metadata.Location.Longitude, tolerance: 0.0005);
    }

    [Fact]
    public async Task IPhone_still_and_its_video_share_a_content_identifier_and_the_video_takes_the_stills_offset()
    {
        using var temp = new TempDirectory("live");
        var still = await ReadAsync("drewnoakes+metadata-extractor-images/heic/IMG_2929.HEIC");
        var videoPath = await MediaFactory.VideoAsync(temp.Combine("IMG_2929.MOV"), creationTimeUtc: new DateTime(2020, 5, 4, 22, 44, 9),
            contentIdentifier: "ED69AFC7-A2EB-4FE9-88A0-54293FC2478F");

        var (video, decision) = await Host.DecideAsync(videoPath, partner: still.Captured);

        Assert.Equal("ED69AFC7-A2EB-4FE9-88A0-54293FC2478F", still.ContentIdentifier);
        Assert.Equal(still.ContentIdentifier, video.ContentIdentifier);
        Assert.Equal(new DateTime(2020, 5, 4, 18, 44, 9), decision.Captured!.Local);
        Assert.Equal(still.Captured!.FolderDate, decision.Captured.FolderDate);
    }

    [Theory]
    [InlineData("exiftool+exiftool/t/images/PDF.pdf")]
    [InlineData("ivandokov+phockup/tests/input/other.txt")]
    [InlineData("immich-app+test-assets/metadata/xmp/dates/2000.xmp")]
    [InlineData("photoprism+photoprism/assets/examples/blue-go-video.mp4.json")]
    [InlineData("jmathai+elodie/elodie/tests/files/invalid.jpg")]
    [InlineData("jmathai+elodie/elodie/tests/files/withoutextension")]
    [InlineData("photoprism+photoprism/internal/photoprism/testdata/2018-04-12 19_24_49.mov")]
    public async Task Files_that_are_not_images_or_videos_are_not_media(string file)
    {
        var metadata = await ReadAsync(file);

        Assert.False(metadata.IsRecognisedMedia);
    }

    [Theory]
    [InlineData("drewnoakes+metadata-extractor-images/fuzzing/crash-15e5cd044a709974fb9a9f73998d3132cecdcbdb.fuzzed")]
    [InlineData("drewnoakes+metadata-extractor-images/fuzzing/crash-167ecb9d69e6ef44bff716199a9f012a07031c86.fuzzed")]
    [InlineData("drewnoakes+metadata-extractor-images/fuzzing/crash-2a65b435b93192f7943304b9d8b5fb59862038e8.fuzzed")]
    [InlineData("drewnoakes+metadata-extractor-images/fuzzing/crash-be8afd4d4261d77f4d1ee4188aa7cd09722d1168.fuzzed")]
    [InlineData("drewnoakes+metadata-extractor-images/heic/NullPointerException.HeifPictureHandler.processBox.heif")]
    [InlineData("drewnoakes+metadata-extractor-images/heic/IllegalArgumentException.HeifReader.processBoxes.heif")]
    [InlineData("drewnoakes+metadata-extractor-images/rw2/Issue 419.rw2")]
    [InlineData("exiftool+exiftool/t/images/RIFF.avi")]
    public async Task Damaged_photos_and_videos_are_still_media(string file)
    {
        var metadata = await ReadAsync(file);

        Assert.True(metadata.IsRecognisedMedia);
    }

    [Fact]
    public async Task Takeout_duplicate_gets_its_own_json_and_null_island_geoData_is_ignored()
    {
        var (_, decision) = await Host.DecideAsync(CorpusFolder.PathOf("photoprism+photoprism/internal/photoprism/testdata/2015-02-04(1).jpg"));

        Assert.Equal(CaptureSources.TakeoutPhotoTakenTime, decision.Captured!.Source);
        Assert.Equal(new DateTime(2015, 2, 4, 20, 0, 44), decision.Captured.Local);
        Assert.Null(decision.Location);
    }

    [Fact]
    public async Task XMP_sidecar_beside_an_iPhone_photo_is_found_and_read()
    {
        var photo = CorpusFolder.PathOf("photoprism+photoprism/assets/examples/iphone_7.heic");
        var folder = Path.GetDirectoryName(photo)!;

        var sidecars = SidecarFinder.Find("iphone_7.heic", Directory.EnumerateFiles(folder).Select(file => Path.GetFileName(file)));
        var facts = await SidecarReader.ReadAsync(folder, sidecars, TestContext.Current.CancellationToken);

        Assert.Equal(["iphone_7.xmp"], sidecars.Xmp);
        Assert.Contains(facts.Dates, date => date.Source == "sidecar:xmp:DateTimeOriginal" && date.Clock == new DateTime(2018, 9, 10, 12, 16, 13));
        Assert.Equal(34.79745, facts.Location!.Latitude, precision: 4);
    }

    [Fact]
    public async Task UTF16_XMP_sidecar_from_Lightroom_is_read()
    {
        var facts = await SidecarReader.ReadAsync([CorpusFolder.PathOf("immich-app+test-assets/metadata/xmp/dates/2000.xmp")], TestContext.Current.CancellationToken);

        var date = Assert.Single(facts.Dates);
        Assert.Equal("sidecar:xmp:CreateDate", date.Source);
        Assert.Equal(new DateTime(2000, 9, 27, 14, 35, 33), date.Clock);
        Assert.Equal(TimeSpan.FromHours(2), date.Offset);
        Assert.Empty(facts.Problems);
    }

    [Theory]
    [InlineData("photoprism+photoprism/internal/photoprism/testdata/2018-04-12 19_24_49.jpg", "2018-04-12T19:24:49")]
    [InlineData("photoprism+photoprism/assets/examples/Screenshot 2019-05-21 at 10.45.52.png", "2019-05-21T10:45:52")]
    [InlineData("ivandokov+phockup/tests/input/sub_folder/date_20180101_010101.jpg", "2018-01-01T01:01:01")]
    public async Task Photos_without_metadata_are_dated_by_their_names(string file, string local)
    {
        var (metadata, decision) = await Host.DecideAsync(CorpusFolder.PathOf(file));

        Assert.Null(metadata.Captured);
        Assert.Equal(CaptureSources.FileName, decision.Captured!.Source);
        Assert.Equal(DateTime.Parse(local, CultureInfo.InvariantCulture), decision.Captured.Local);
    }

    [Theory]
    [InlineData("photoprism+photoprism/assets/examples/earth.mov")]
    [InlineData("photoprism+photoprism/pkg/media/video/testdata/isom-avc1.mp4")]
    public async Task Zeroed_QuickTime_dates_are_no_date(string file)
    {
        var metadata = await ReadAsync(file);

        Assert.Null(metadata.Captured);
    }

    [Fact]
    public async Task The_whole_corpus_is_read_through_one_exiftool_process()
    {
        var files = Directory.EnumerateFiles(Path.Combine(CorpusFolder.Root, "files"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        await using var host = new MetadataHost();
        foreach (var file in files)
        {
            await host.Reader.ReadAsync(file, TestContext.Current.CancellationToken); // warm: JIT and exiftool start
        }

        var clock = Stopwatch.StartNew();
        var byReader = new Dictionary<MetadataReaders, int>();
        foreach (var file in files)
        {
            var metadata = await host.Reader.ReadAsync(file, TestContext.Current.CancellationToken);
            byReader[metadata.ReadWith] = byReader.GetValueOrDefault(metadata.ReadWith) + 1;
        }

        clock.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{files.Count} files in {clock.Elapsed.TotalMilliseconds:0} ms ({files.Count / clock.Elapsed.TotalSeconds:0} files/s): " +
            string.Join(", ", byReader.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}: {pair.Value}")));
        // How fast is bench/'s to measure against a same-run baseline; here, that one process served every file.
        Assert.Equal(1, host.ExifTool.StartCount);
    }

    private Task<MediaMetadata> ReadAsync(string file) => Host.Reader.ReadAsync(CorpusFolder.PathOf(file), TestContext.Current.CancellationToken);
}
