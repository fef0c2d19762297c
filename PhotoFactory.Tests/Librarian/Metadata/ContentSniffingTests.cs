using PhotoFactory.Catalog.Assets;
using PhotoFactory.Librarian.Metadata;
using PhotoFactory.Librarian.Planning;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Metadata;

/// <summary>Telling photos and videos (even damaged ones) from files that are not media at all.</summary>
public sealed class ContentSniffingTests(MetadataFixture fixture) : IClassFixture<MetadataFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("sniff");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Text_file_named_jpg_is_not_media()
    {
        var path = MediaFactory.Text(_temp.Combine("IMG_20200101_101010.jpg"));

        var metadata = await fixture.Host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.False(metadata.IsRecognisedMedia);
        Assert.Null(metadata.Format);
        Assert.Null(metadata.Captured);
        Assert.Equal(MetadataReaders.None, metadata.ReadWith);
    }

    [Fact]
    public async Task Empty_file_is_not_media()
    {
        var path = _temp.Combine("empty.jpg");
        await File.WriteAllBytesAsync(path, [], TestContext.Current.CancellationToken);

        var metadata = await fixture.Host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.False(metadata.IsRecognisedMedia);
    }

    [Fact]
    public async Task Truncated_photo_is_still_media()
    {
        var path = await MediaFactory.JpegAsync(_temp.Combine("cut.jpg"), new DateTime(2020, 1, 1, 12, 0, 0));
        MediaFactory.Truncate(path, 0.5);

        var metadata = await fixture.Host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.True(metadata.IsRecognisedMedia);
        Assert.Equal(MediaFormat.Jpeg, metadata.Format);
        Assert.Equal(MediaKind.Photo, metadata.Kind);
    }

    [Fact]
    public async Task Content_decides_the_kind_not_the_extension()
    {
        var jpeg = await MediaFactory.JpegAsync(_temp.Combine("wrong.jpg"), new DateTime(2013, 3, 5, 17, 29, 26));
        var path = _temp.Combine("wrong.heic");
        File.Move(jpeg, path);

        var metadata = await fixture.Host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(MediaFormat.Jpeg, metadata.Format);
        Assert.Equal("image/jpeg", metadata.MimeType);
        Assert.Equal(new DateOnly(2013, 3, 5), metadata.Captured!.FolderDate);
    }

    [Fact]
    public async Task Transport_stream_video_is_media()
    {
        var path = await MediaFactory.VideoAsync(_temp.Combine("00001.MTS"));

        var metadata = await fixture.Host.Reader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(MediaFormat.MpegTransportStream, metadata.Format);
        Assert.Equal(MediaKind.Video, metadata.Kind);
    }

    public static TheoryData<string, byte[], MediaFormat?> Headers() => new()
    {
        { "a.jpg", [0xFF, 0xD8, 0xFF, 0xE1, 0, 0], MediaFormat.Jpeg },
        { "a.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], MediaFormat.Png },
        { "a.gif", "GIF89a\0\0"u8.ToArray(), MediaFormat.Gif },
        { "a.webp", "RIFF\0\0\0\0WEBPVP8 "u8.ToArray(), MediaFormat.WebP },
        { "a.avi", "RIFF\0\0\0\0AVI LIST"u8.ToArray(), MediaFormat.Avi },
        { "a.wav", "RIFF\0\0\0\0WAVEfmt "u8.ToArray(), null },
        { "a.heic", [0, 0, 0, 0x18, .. "ftypheic\0\0\0\0mif1heic"u8], MediaFormat.Heif },
        { "a.heif", [0, 0, 0, 0x18, .. "ftypmif1\0\0\0\0mif1miaf"u8], MediaFormat.Heif },
        { "a.avif", [0, 0, 0, 0x1C, .. "ftypavif\0\0\0\0avifmif1miaf"u8], MediaFormat.Avif },
        { "b.avif", [0, 0, 0, 0x1C, .. "ftypmif1\0\0\0\0mif1avifmiaf"u8], MediaFormat.Avif },
        { "a.cr3", [0, 0, 0, 0x18, .. "ftypcrx \0\0\0\u0001crx isom"u8], MediaFormat.CanonCr3 },
        { "a.mp4", [0, 0, 0, 0x18, .. "ftypisom\0\0\x02\0isomiso2"u8], MediaFormat.QuickTime },
        { "a.m4a", [0, 0, 0, 0x18, .. "ftypM4A \0\0\0\0M4A isom"u8], null },
        { "a.mov", [0, 0, 0, 0x08, .. "wide\0\0\0\0mdat"u8], MediaFormat.QuickTime },
        { "a.tif", "II*\0\x08\0\0\0\0\0"u8.ToArray(), MediaFormat.Tiff },
        { "a.nef", "MM\0*\0\0\0\x08\0\0"u8.ToArray(), MediaFormat.Tiff },
        { "a.cr2", "II*\0\x10\0\0\0CR\x02\0"u8.ToArray(), MediaFormat.CanonCr2 },
        { "a.crw", "II\x1A\0\0\0HEAPCCDR"u8.ToArray(), MediaFormat.CanonCrw },
        { "a.orf", "IIRO\x08\0\0\0"u8.ToArray(), MediaFormat.OlympusOrf },
        { "a.rw2", "IIU\0\x18\0\0\0"u8.ToArray(), MediaFormat.PanasonicRw2 },
        { "a.raf", "FUJIFILMCCD-RAW 0201"u8.ToArray(), MediaFormat.FujifilmRaf },
        { "a.mrw", "\0MRM\0\0\x0A\x0C"u8.ToArray(), MediaFormat.MinoltaMrw },
        { "a.x3f", "FOVb\x03\0\x02\0"u8.ToArray(), MediaFormat.SigmaX3f },
        { "a.mkv", [0x1A, 0x45, 0xDF, 0xA3, 0x93, 0x42, 0x82, 0x88, .. "matroska"u8], MediaFormat.Matroska },
        { "a.pdf", "%PDF-1.4\n"u8.ToArray(), null },
        { "a.xmp", "<?xpacket begin"u8.ToArray(), null },
        { "a.json", "{\"title\": 1}"u8.ToArray(), null },
        { "a.jpg", "GIF"u8.ToArray(), null },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void Formats_are_recognised_by_their_first_bytes(string name, byte[] header, MediaFormat? expected) =>
        Assert.Equal(expected, MediaSniffer.Sniff(header, name)?.Format);

    [Fact]
    public void Transport_streams_are_recognised_by_their_packet_sync_bytes()
    {
        var ts = new byte[3 * 188];
        ts[0] = ts[188] = ts[376] = 0x47;
        var m2ts = new byte[3 * 192];
        m2ts[4] = m2ts[196] = m2ts[388] = 0x47;

        Assert.Equal(MediaFormat.MpegTransportStream, MediaSniffer.Sniff(ts, "a.ts")?.Format);
        Assert.Equal(MediaFormat.MpegTransportStream, MediaSniffer.Sniff(m2ts, "a.m2ts")?.Format);
        Assert.Null(MediaSniffer.Sniff("G is for Gopher, and nothing else"u8, "a.mts"));
    }
}
