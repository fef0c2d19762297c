using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// Writes a minimal TIFF laid out like a Nikon NEF or a DNG: IFD0 (thumbnail) points to two image SubIFDs (tag 0x014A)
/// and then to the Exif IFD (0x8769) holding DateTimeOriginal. MetadataExtractor 2.4.3 reports all three as
/// <c>ExifSubIfdDirectory</c>, so the date is only found by looking beyond the first one.
/// </summary>
public static class RawTiff
{
    private const ushort Short = 3, Long = 4, Ascii = 2;

    public static string Write(string path, DateTime dateTimeOriginal, TimeSpan? offset = null, string make = "NIKON CORPORATION", string model = "NIKON D90")
    {
        // Fixed layout: header, IFD0 and its data, SubIFD 1, SubIFD 2, Exif IFD and its data.
        var exifEntries = new List<(ushort Tag, ushort Type, byte[] Value)>
        {
            (0x9003, Ascii, Text(dateTimeOriginal.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture))),
        };
        if (offset is { } zone)
        {
            exifEntries.Add((0x9011, Ascii, Text(MediaFactory.Offset(zone))));
        }

        var ifd0Size = IfdSize(6, [Text(make), Text(model), new byte[8]]);
        var subIfdSize = IfdSize(3, []);
        const uint ifd0At = 8;
        var sub1At = ifd0At + ifd0Size;
        var sub2At = sub1At + subIfdSize;
        var exifAt = sub2At + subIfdSize;

        var ifd0 = Ifd(ifd0At,
        [
            (0x0100, Long, UInt32(160)),
            (0x0101, Long, UInt32(120)),
            (0x010F, Ascii, Text(make)),
            (0x0110, Ascii, Text(model)),
            (0x014A, Long, [.. UInt32(sub1At), .. UInt32(sub2At)]),
            (0x8769, Long, UInt32(exifAt)),
        ]);
        var sub1 = Ifd(sub1At, [(0x00FE, Long, UInt32(1)), (0x0100, Long, UInt32(640)), (0x0101, Long, UInt32(424))]);
        var sub2 = Ifd(sub2At, [(0x00FE, Long, UInt32(0)), (0x0100, Long, UInt32(4288)), (0x0101, Long, UInt32(2848))]);
        var exif = Ifd(exifAt, exifEntries);

        byte[] header = [.. "II"u8, 42, 0, .. UInt32(ifd0At)];
        File.WriteAllBytes(path, [.. header, .. ifd0, .. sub1, .. sub2, .. exif]);
        return path;
    }

    private static uint IfdSize(int entries, byte[][] external) =>
        (uint)(2 + 12 * entries + 4 + external.Where(value => value.Length > 4).Sum(value => value.Length + value.Length % 2));

    /// <summary>One IFD at <paramref name="at"/>: its entries, a zero next-IFD pointer, then values longer than four bytes.</summary>
    private static byte[] Ifd(uint at, IReadOnlyList<(ushort Tag, ushort Type, byte[] Value)> entries)
    {
        var table = new List<byte>();
        var data = new List<byte>();
        var dataAt = at + 2 + 12 * (uint)entries.Count + 4;
        table.AddRange(UInt16((ushort)entries.Count));
        foreach (var (tag, type, value) in entries)
        {
            table.AddRange(UInt16(tag));
            table.AddRange(UInt16(type));
            table.AddRange(UInt32((uint)(type == Ascii ? value.Length : value.Length / (type == Short ? 2 : 4))));
            if (value.Length <= 4)
            {
                table.AddRange([.. value, .. new byte[4 - value.Length]]);
            }
            else
            {
                table.AddRange(UInt32(dataAt + (uint)data.Count));
                data.AddRange(value);
                if (value.Length % 2 == 1)
                {
                    data.Add(0);
                }
            }
        }

        table.AddRange(UInt32(0));
        return [.. table, .. data];
    }

    private static byte[] Text(string value) => [.. Encoding.ASCII.GetBytes(value), 0];

    private static byte[] UInt16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
