using System.Text;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;

namespace PhotoFactory.Dashboard.Thumbnails;

/// <summary>
/// The small JPEG a camera stores inside the file (EXIF's second image directory, typically 160 x 120): free to show,
/// and often the only picture of a RAW or HEIC file this machine can decode.
/// </summary>
public static class EmbeddedPreview
{
    /// <summary>How far into a JPEG its EXIF block may start (it follows the first markers).</summary>
    private const int ExifSearchBytes = 128 * 1024;

    private static readonly byte[] ExifHeader = Encoding.ASCII.GetBytes("Exif\0\0");

    /// <summary>The embedded preview's JPEG bytes, or null when the file has none that reads as a JPEG.</summary>
    public static byte[]? Read(string path)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            directories = ImageMetadataReader.ReadMetadata(path);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Damaged and fuzzed files throw all sorts; none of them has a preview worth showing.
            return null;
        }

        var thumbnail = directories.OfType<ExifThumbnailDirectory>().FirstOrDefault();
        if (thumbnail is null
            || !thumbnail.TryGetInt64(ExifThumbnailDirectory.TagThumbnailOffset, out var offset)
            || !thumbnail.TryGetInt32(ExifThumbnailDirectory.TagThumbnailLength, out var length)
            || length is <= 4 or > 4 * 1024 * 1024)
        {
            return null;
        }

        using var file = File.OpenRead(path);
        var tiffStart = TiffStart(file);
        if (tiffStart is null || tiffStart + offset + length > file.Length)
        {
            return null;
        }

        var bytes = new byte[length];
        file.Position = tiffStart.Value + offset;
        file.ReadExactly(bytes);
        // A JPEG starts with its start-of-image marker; anything else is a stale or broken pointer.
        return bytes[0] == 0xFF && bytes[1] == 0xD8 ? bytes : null;
    }

    /// <summary>Where the offsets count from: the TIFF header, at the start of a TIFF-based RAW or after a JPEG's "Exif".</summary>
    private static long? TiffStart(FileStream file)
    {
        Span<byte> head = stackalloc byte[4];
        if (file.Read(head) < 4)
        {
            return null;
        }

        if (head.SequenceEqual("II*\0"u8) || head.SequenceEqual("MM\0*"u8))
        {
            return 0;
        }

        file.Position = 0;
        var start = new byte[(int)Math.Min(ExifSearchBytes, file.Length)];
        file.ReadExactly(start);
        var at = start.AsSpan().IndexOf(ExifHeader);
        return at < 0 ? null : at + ExifHeader.Length;
    }
}
