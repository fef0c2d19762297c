using System.Buffers.Binary;
using System.Text;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// Adds Apple metadata keys (<c>moov/meta</c> with an <c>mdta</c> handler, <c>keys</c> and <c>ilst</c>) to a QuickTime
/// or MP4 file whose <c>moov</c> box is last, as ffmpeg writes it, so that growing <c>moov</c> moves no media data.
/// This is where an iPhone puts <c>com.apple.quicktime.creationdate</c> and <c>…content.identifier</c>; exiftool 12.57
/// cannot write the latter and ffmpeg puts keys in <c>udta</c>.
/// </summary>
public static class QuickTimeKeys
{
    public static async Task AppendAsync(string path, IReadOnlyList<(string Key, string Value)> keys)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        var (moovAt, moovSize) = LastTopLevelBox(bytes, "moov");
        if (moovAt + moovSize != bytes.Length)
        {
            throw new InvalidOperationException($"{path}: moov is not the last box; cannot add keys without moving media data");
        }

        var meta = Box("meta", [.. Handler(), .. KeysBox(keys), .. ItemList(keys)]);
        var grown = new byte[bytes.Length + meta.Length];
        bytes.CopyTo(grown, 0);
        meta.CopyTo(grown, bytes.Length);
        BinaryPrimitives.WriteUInt32BigEndian(grown.AsSpan(moovAt), (uint)(moovSize + meta.Length));
        await File.WriteAllBytesAsync(path, grown);
    }

    private static (int At, int Size) LastTopLevelBox(byte[] bytes, string type)
    {
        (int, int)? found = null;
        for (var at = 0; at + 8 <= bytes.Length;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            if (size < 8)
            {
                break;
            }

            if (Encoding.ASCII.GetString(bytes, at + 4, 4) == type)
            {
                found = (at, size);
            }

            at += size;
        }

        return found ?? throw new InvalidOperationException($"no {type} box");
    }

    private static byte[] Handler() =>
        Box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0, .. "mdta"u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

    private static byte[] KeysBox(IReadOnlyList<(string Key, string Value)> keys)
    {
        var body = new List<byte> { 0, 0, 0, 0 };
        body.AddRange(UInt32(keys.Count));
        foreach (var (key, _) in keys)
        {
            var name = Encoding.UTF8.GetBytes(key);
            body.AddRange(UInt32(8 + name.Length));
            body.AddRange("mdta"u8.ToArray());
            body.AddRange(name);
        }

        return Box("keys", [.. body]);
    }

    private static byte[] ItemList(IReadOnlyList<(string Key, string Value)> keys)
    {
        var body = new List<byte>();
        for (var i = 0; i < keys.Count; i++)
        {
            var value = Encoding.UTF8.GetBytes(keys[i].Value);
            byte[] data = [.. UInt32(16 + value.Length), .. "data"u8, 0, 0, 0, 1, 0, 0, 0, 0, .. value];
            body.AddRange(UInt32(8 + data.Length));
            body.AddRange(UInt32(i + 1));
            body.AddRange(data);
        }

        return Box("ilst", [.. body]);
    }

    private static byte[] Box(string type, byte[] body) => [.. UInt32(8 + body.Length), .. Encoding.ASCII.GetBytes(type), .. body];

    private static byte[] UInt32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value);
        return bytes;
    }
}
