using System.Buffers.Binary;
using System.Text;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// Recognises photo and video content by its magic bytes, so that a text file named <c>.jpg</c> is not taken for a
/// photo while a truncated JPEG still is. Reads at most <see cref="HeaderLength"/> bytes.
/// </summary>
public static class MediaSniffer
{
    /// <summary>Enough for two MPEG transport stream packets.</summary>
    public const int HeaderLength = 512;

    private const int TsPacket = 188;
    private const int M2tsPacket = 192;

    /// <summary>Reads the start of the stream, recognises it and rewinds; null when the content is not a known image or video.</summary>
    public static MediaSignature? Sniff(Stream stream, string pathOrName)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        var read = stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        stream.Position = 0;
        return Sniff(header[..read], pathOrName);
    }

    /// <summary>Recognises the content from its first bytes; the name only refines TIFF-based RAW formats.</summary>
    public static MediaSignature? Sniff(ReadOnlySpan<byte> header, string pathOrName)
    {
        if (header.Length < 4)
        {
            return null;
        }

        if (header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF)
        {
            return new(MediaFormat.Jpeg, "image/jpeg");
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return new(MediaFormat.Png, "image/png");
        }

        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8))
        {
            return new(MediaFormat.Gif, "image/gif");
        }

        if (header.Length >= 12 && header.StartsWith("RIFF"u8))
        {
            return header[8..12].SequenceEqual("WEBP"u8) ? new(MediaFormat.WebP, "image/webp")
                : header[8..12].SequenceEqual("AVI "u8) ? new(MediaFormat.Avi, "video/x-msvideo")
                : null;
        }

        if (header.Length >= 8 && header[4..8].SequenceEqual("ftyp"u8))
        {
            return IsoBaseMedia(header);
        }

        if (header.Length >= 8 && IsQuickTimeAtom(header[4..8]))
        {
            return new(MediaFormat.QuickTime, "video/quicktime", HasFileTypeBox: false);
        }

        if (header.StartsWith("II*\0"u8) || header.StartsWith("MM\0*"u8) || header.StartsWith("II+\0"u8) || header.StartsWith("MM\0+"u8))
        {
            return header.Length >= 10 && header[8..10].SequenceEqual("CR"u8)
                ? new(MediaFormat.CanonCr2, "image/x-canon-cr2")
                : new(MediaFormat.Tiff, TiffMimeType(pathOrName));
        }

        if (header.StartsWith("IIRO"u8) || header.StartsWith("IIRS"u8) || header.StartsWith("MMOR"u8))
        {
            return new(MediaFormat.OlympusOrf, "image/x-olympus-orf");
        }

        if (header.StartsWith("IIU\0"u8))
        {
            return new(MediaFormat.PanasonicRw2, "image/x-panasonic-rw2");
        }

        if (header.Length >= 14 && header.StartsWith("II"u8) && header[6..14].SequenceEqual("HEAPCCDR"u8))
        {
            return new(MediaFormat.CanonCrw, "image/x-canon-crw");
        }

        if (header.StartsWith("FUJIFILMCCD-RAW"u8))
        {
            return new(MediaFormat.FujifilmRaf, "image/x-fujifilm-raf");
        }

        if (header.StartsWith("\0MRM"u8))
        {
            return new(MediaFormat.MinoltaMrw, "image/x-minolta-mrw");
        }

        if (header.StartsWith("FOVb"u8))
        {
            return new(MediaFormat.SigmaX3f, "image/x-sigma-x3f");
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return new(MediaFormat.Matroska, header.IndexOf("webm"u8) is >= 0 and < 64 ? "video/webm" : "video/x-matroska");
        }

        if (IsTransportStream(header, 0, TsPacket) || IsTransportStream(header, 4, M2tsPacket))
        {
            return new(MediaFormat.MpegTransportStream, "video/m2ts");
        }

        return null;
    }

    private static MediaSignature? IsoBaseMedia(ReadOnlySpan<byte> header)
    {
        var boxSize = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(header), (uint)header.Length);
        var major = Encoding.ASCII.GetString(header[8..12]);
        var brands = new List<string> { major };
        for (var at = 16; at + 4 <= boxSize; at += 4)
        {
            brands.Add(Encoding.ASCII.GetString(header.Slice(at, 4)));
        }

        if (major == "crx ")
        {
            return new(MediaFormat.CanonCr3, "image/x-canon-cr3");
        }

        if (major is "avif" or "avis")
        {
            return new(MediaFormat.Avif, "image/avif");
        }

        if (major is "heic" or "heix" or "heim" or "heis" or "hevc" or "hevx")
        {
            return new(MediaFormat.Heif, "image/heic");
        }

        if (major is "mif1" or "msf1")
        {
            return brands.Contains("avif") || brands.Contains("avis") ? new(MediaFormat.Avif, "image/avif")
                : brands.Contains("heic") || brands.Contains("heix") ? new(MediaFormat.Heif, "image/heic")
                : new(MediaFormat.Heif, "image/heif");
        }

        if (major.StartsWith("M4A", StringComparison.Ordinal) || major.StartsWith("M4B", StringComparison.Ordinal)
            || major.StartsWith("M4P", StringComparison.Ordinal))
        {
            return null; // audio
        }

        var mime = major switch
        {
            "qt  " => "video/quicktime",
            "M4V " or "M4VH" or "M4VP" => "video/x-m4v",
            _ when major.StartsWith("3g2", StringComparison.Ordinal) => "video/3gpp2",
            _ when major.StartsWith("3g", StringComparison.Ordinal) => "video/3gpp",
            _ => "video/mp4",
        };
        return new(MediaFormat.QuickTime, mime);
    }

    private static bool IsQuickTimeAtom(ReadOnlySpan<byte> type) =>
        type.SequenceEqual("moov"u8) || type.SequenceEqual("mdat"u8) || type.SequenceEqual("free"u8)
        || type.SequenceEqual("skip"u8) || type.SequenceEqual("wide"u8) || type.SequenceEqual("pnot"u8);

    private static bool IsTransportStream(ReadOnlySpan<byte> header, int start, int packet) =>
        header.Length > start + packet && header[start] == 0x47 && header[start + packet] == 0x47
        && (header.Length <= start + 2 * packet || header[start + 2 * packet] == 0x47);

    private static string TiffMimeType(string pathOrName) => Path.GetExtension(pathOrName).ToLowerInvariant() switch
    {
        ".nef" => "image/x-nikon-nef",
        ".nrw" => "image/x-nikon-nrw",
        ".arw" => "image/x-sony-arw",
        ".dng" => "image/x-adobe-dng",
        ".pef" => "image/x-pentax-pef",
        ".srw" => "image/x-samsung-srw",
        ".iiq" => "image/x-raw",
        _ => "image/tiff",
    };
}
