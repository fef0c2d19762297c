using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// Files made to hurt a metadata reader (and one it should simply read), built byte by byte as their formats allow: a PNG whose compressed text
/// inflates far beyond its size, a JPEG whose extended XMP announces hundreds of megabytes, an MP4 whose boxes nest
/// hundreds of thousands deep.
/// </summary>
public static class HostileFiles
{
    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <summary>A 1×1 grey PNG whose zTXt "Comment" inflates to <paramref name="inflatedBytes"/> zero bytes.</summary>
    public static string PngWithTextBomb(string path, long inflatedBytes)
    {
        var compressed = new MemoryStream();
        using (var deflate = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var left = inflatedBytes; left > 0; left -= zeros.Length)
            {
                deflate.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
            }
        }

        using var file = File.Create(path);
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(file, "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        WriteChunk(file, "zTXt", [.. "Comment"u8, 0, 0, .. compressed.ToArray()]);
        WriteChunk(file, "IDAT", ZLib([0, 0x80]));
        WriteChunk(file, "IEND", []);
        return path;
    }

    /// <summary>A 1×1 grey PNG with one tEXt chunk written as given (exiftool refuses dates in forms other than its own).</summary>
    public static string PngWithText(string path, string keyword, string text)
    {
        using var file = File.Create(path);
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(file, "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        WriteChunk(file, "tEXt", [.. Encoding.Latin1.GetBytes(keyword), 0, .. Encoding.Latin1.GetBytes(text)]);
        WriteChunk(file, "IDAT", ZLib([0, 0x80]));
        WriteChunk(file, "IEND", []);
        return path;
    }

    /// <summary>
    /// A copy of <paramref name="jpeg"/> with extended XMP parts right after its start: <paramref name="parts"/> parts
    /// of 65,000 bytes, each announcing a whole packet of <paramref name="announcedBytes"/>.
    /// </summary>
    public static string JpegWithExtendedXmp(string jpeg, string path, uint announcedBytes, int parts)
    {
        var original = File.ReadAllBytes(jpeg);
        using var file = File.Create(path);
        file.Write(original.AsSpan(0, 2));
        var guid = Encoding.ASCII.GetBytes(new string('A', 32));
        var part = new byte[65_000];
        Array.Fill(part, (byte)' ');
        for (var i = 0; i < parts; i++)
        {
            byte[] payload = [.. "http://ns.adobe.com/xmp/extension/\0"u8, .. guid, .. BigEndian(announcedBytes), .. BigEndian((uint)(i * part.Length)), .. part];
            file.Write([0xFF, 0xE1, .. BigEndian16(payload.Length + 2)]);
            file.Write(payload);
        }

        file.Write(original.AsSpan(2));
        return path;
    }

    /// <summary>An MP4 (ftyp isom) whose <c>moov</c> boxes nest <paramref name="depth"/> deep, each holding only the next.</summary>
    public static string Mp4WithNestedBoxes(string path, int depth)
    {
        using var file = new BufferedStream(File.Create(path));
        file.Write([0, 0, 0, 20, .. "ftyp"u8, .. "isom"u8, 0, 0, 2, 0, .. "isom"u8]);
        for (var level = 0; level < depth; level++)
        {
            file.Write(BigEndian((uint)(8 * (depth - level))));
            file.Write("moov"u8);
        }

        return path;
    }

    private static void WriteChunk(Stream file, string type, byte[] data)
    {
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        file.Write(BigEndian((uint)data.Length));
        file.Write(typed);
        file.Write(BigEndian(Crc(typed)));
    }

    private static byte[] ZLib(byte[] data)
    {
        var output = new MemoryStream();
        using (var deflate = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian16(int value) => [(byte)(value >> 8), (byte)value];

    private static uint Crc(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
