using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// Walks a file's structure before any reader parses it, reading only block headers and seeking over the rest, and
/// tells whether its metadata stays within <see cref="MetadataLimits"/>: a PNG whose compressed text inflates to
/// gigabytes, a JPEG whose XMP claims hundreds of megabytes, ISO boxes nested thousands deep (a recursive reader's
/// stack overflow ends the process, which no catch can stop). Returns the reason a file exceeds them, else null;
/// a file too damaged to walk is left to the reader, which fails on it and says so.
/// </summary>
internal static class MetadataPrecheck
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] XmpExtension = "http://ns.adobe.com/xmp/extension/\0"u8.ToArray();
    private static readonly byte[] XmpStandard = "http://ns.adobe.com/xap/1.0/\0"u8.ToArray();

    /// <summary>Boxes the readers open to find what is inside.</summary>
    private static readonly HashSet<string> ContainerBoxes =
    [
        "moov", "trak", "mdia", "minf", "stbl", "udta", "edts", "dinf", "mvex", "moof", "traf", "tref", "meta", "ilst",
        "iprp", "ipco", "sinf", "schi", "gmhd", "tapt", "clip", "matt", "wave",
    ];

    public static string? Check(Stream stream, MediaSignature signature, MetadataLimits limits)
    {
        try
        {
            return signature.Format switch
            {
                MediaFormat.Png => Png(stream, limits),
                MediaFormat.Jpeg => Jpeg(stream, limits),
                _ when signature.HasFileTypeBox || signature.Format == MediaFormat.QuickTime => IsoBoxes(stream, limits),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or ArgumentOutOfRangeException)
        {
            return null; // damaged: the reader meets the same damage and reports it
        }
        finally
        {
            stream.Position = 0;
        }
    }

    private static string? Png(Stream stream, MetadataLimits limits)
    {
        Span<byte> header = stackalloc byte[8];
        stream.ReadExactly(header);
        if (!header.SequenceEqual(PngSignature))
        {
            return null;
        }

        long total = 0;
        for (var chunks = 0; stream.Position + 12 <= stream.Length; chunks++)
        {
            if (chunks >= limits.Blocks)
            {
                return $"its PNG holds more than {limits.Blocks:N0} chunks";
            }

            stream.ReadExactly(header);
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.ASCII.GetString(header[4..]);
            if (type == "IEND" || length > int.MaxValue || stream.Position + length > stream.Length)
            {
                return null;
            }

            var next = stream.Position + length + 4; // data and CRC
            if (type is "tEXt" or "zTXt" or "iTXt" or "eXIf" or "iCCP")
            {
                if (length > limits.BlockBytes)
                {
                    return $"its PNG {type} chunk holds {MetadataLimits.Describe(length)}, more than the {MetadataLimits.Describe(limits.BlockBytes)} metadata may take";
                }

                var data = new byte[length];
                stream.ReadExactly(data);
                var (keyword, size) = PngChunkSize(type, data, limits.BlockBytes);
                if (size > limits.BlockBytes)
                {
                    return $"its PNG {type} chunk '{CatalogTextFor(keyword)}' inflates to more than {MetadataLimits.Describe(limits.BlockBytes)}";
                }

                total += size;
                if (total > limits.TotalBytes)
                {
                    return $"its PNG text and metadata chunks hold more than {MetadataLimits.Describe(limits.TotalBytes)} together";
                }
            }

            stream.Position = next;
        }

        return null;
    }

    /// <summary>A chunk's keyword and the size its text takes once inflated, counted up to just past <paramref name="limit"/>.</summary>
    private static (string Keyword, long Size) PngChunkSize(string type, byte[] data, long limit)
    {
        var end = Array.IndexOf(data, (byte)0);
        var keyword = end < 0 ? "" : Encoding.Latin1.GetString(data, 0, Math.Min(end, 79));
        var compressedAt = type switch
        {
            "zTXt" or "iCCP" when end >= 0 => end + 2, // keyword, NUL, method
            "iTXt" when end >= 0 && end + 1 < data.Length && data[end + 1] == 1 => ITxtTextStart(data, end),
            _ => -1,
        };
        return compressedAt < 0 || compressedAt > data.Length
            ? (keyword, data.Length)
            : (keyword, InflatedSize(data.AsSpan(compressedAt).ToArray(), limit));
    }

    /// <summary>iTXt: keyword, NUL, flag, method, language, NUL, translated keyword, NUL, text.</summary>
    private static int ITxtTextStart(byte[] data, int keywordEnd)
    {
        var language = Array.IndexOf(data, (byte)0, keywordEnd + 3);
        var translated = language < 0 ? -1 : Array.IndexOf(data, (byte)0, language + 1);
        return translated < 0 ? -1 : translated + 1;
    }

    private static long InflatedSize(byte[] compressed, long limit)
    {
        using var inflater = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var buffer = new byte[64 * 1024];
        long size = 0;
        int read;
        while (size <= limit && (read = inflater.Read(buffer)) > 0)
        {
            size += read;
        }

        return size;
    }

    private static string? Jpeg(Stream stream, MetadataLimits limits)
    {
        Span<byte> marker = stackalloc byte[4];
        stream.Position = 2;
        long total = 0, xmp = 0;
        for (var segments = 0; stream.Position + 4 <= stream.Length; segments++)
        {
            if (segments >= limits.Blocks)
            {
                return $"its JPEG holds more than {limits.Blocks:N0} segments before the image";
            }

            stream.ReadExactly(marker[..2]);
            if (marker[0] != 0xFF)
            {
                return null;
            }

            var type = marker[1];
            if (type == 0xFF)
            {
                stream.Position -= 1; // fill byte
                continue;
            }

            if (type is 0xD8 or 0x01 or >= 0xD0 and <= 0xD7)
            {
                continue; // no length
            }

            if (type is 0xDA or 0xD9)
            {
                return null; // the image data: readers stop here
            }

            stream.ReadExactly(marker[2..4]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(marker[2..4]) - 2;
            if (length < 0)
            {
                return null;
            }

            var next = stream.Position + length;
            total += length;
            if (total > limits.TotalBytes)
            {
                return $"its JPEG segments before the image hold more than {MetadataLimits.Describe(limits.TotalBytes)}";
            }

            if (type == 0xE1 && length > XmpStandard.Length)
            {
                var (part, announced) = XmpBytes(stream, length);
                xmp += part;
                if (xmp > limits.BlockBytes || announced > limits.BlockBytes)
                {
                    return $"its XMP holds more than {MetadataLimits.Describe(limits.BlockBytes)}";
                }
            }

            stream.Position = next;
        }

        return null;
    }

    /// <summary>The XMP an APP1 segment holds, and the whole packet's length extended XMP announces in every part.</summary>
    private static (long Part, long Announced) XmpBytes(Stream stream, int length)
    {
        Span<byte> head = stackalloc byte[XmpExtension.Length + 32 + 4];
        var read = stream.ReadAtLeast(head[..Math.Min(head.Length, length)], Math.Min(head.Length, length), throwOnEndOfStream: false);
        head = head[..read];
        if (head.StartsWith(XmpStandard))
        {
            return (length - XmpStandard.Length, 0);
        }

        // Extended XMP: signature, GUID (32), full length (4), offset (4), part.
        return head.StartsWith(XmpExtension) && head.Length == XmpExtension.Length + 36
            ? (length - head.Length - 4, BinaryPrimitives.ReadUInt32BigEndian(head[^4..]))
            : (0, 0);
    }

    private static string? IsoBoxes(Stream stream, MetadataLimits limits)
    {
        Span<byte> header = stackalloc byte[16];
        var ends = new Stack<long>();
        ends.Push(stream.Length);
        var boxes = 0;
        while (ends.Count > 0)
        {
            if (stream.Position + 8 > ends.Peek())
            {
                stream.Position = ends.Pop();
                continue;
            }

            if (++boxes > limits.Blocks)
            {
                return $"it holds more than {limits.Blocks:N0} media boxes";
            }

            var start = stream.Position;
            stream.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.Latin1.GetString(header[4..8]);
            if (size == 1)
            {
                stream.ReadExactly(header[8..16]);
                size = BinaryPrimitives.ReadInt64BigEndian(header[8..]);
            }
            else if (size == 0)
            {
                size = ends.Peek() - start; // to the end of its parent
            }

            var end = start + size;
            if (size < 8 || end > ends.Peek())
            {
                return null; // damaged
            }

            if (!ContainerBoxes.Contains(type))
            {
                stream.Position = end;
                continue;
            }

            if (ends.Count > limits.BoxDepth)
            {
                return $"its media boxes nest more than {limits.BoxDepth} deep";
            }

            if (type == "meta" && stream.Position + 4 <= end)
            {
                // ISO's meta box starts with version and flags; QuickTime's starts with a child box.
                stream.ReadExactly(header[..4]);
                if (BinaryPrimitives.ReadUInt32BigEndian(header) != 0)
                {
                    stream.Position -= 4;
                }
            }

            ends.Push(end);
        }

        return null;
    }

    private static string CatalogTextFor(string keyword) => PhotoFactory.Catalog.Persistence.CatalogText.Printable(keyword);
}
