namespace PhotoFactory.Tests.Infrastructure;

/// <summary>Rearranges a JPEG's marker segments, to reproduce files that trip readers up.</summary>
public static class JpegSegments
{
    private static readonly byte[] ExtendedXmpSignature = "http://ns.adobe.com/xmp/extension/\0"u8.ToArray();

    /// <summary>Swaps the first two extended-XMP APP1 chunks (exiftool writes them in order when XMP exceeds 64 KB).</summary>
    public static void SwapExtendedXmpChunks(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var segments = new List<byte[]>();
        var at = 2;
        while (at + 4 <= bytes.Length && bytes[at] == 0xFF && bytes[at + 1] != 0xDA)
        {
            var length = (bytes[at + 2] << 8) | bytes[at + 3];
            segments.Add(bytes[at..(at + 2 + length)]);
            at += 2 + length;
        }

        var chunks = segments.Select((segment, index) => (segment, index))
            .Where(s => s.segment[1] == 0xE1 && s.segment.AsSpan(4).StartsWith(ExtendedXmpSignature))
            .Select(s => s.index).ToList();
        if (chunks.Count < 2)
        {
            throw new InvalidOperationException($"{path} has {chunks.Count} extended XMP chunk(s); need two to swap");
        }

        (segments[chunks[0]], segments[chunks[1]]) = (segments[chunks[1]], segments[chunks[0]]);
        File.WriteAllBytes(path, [.. bytes[..2], .. segments.SelectMany(segment => segment), .. bytes[at..]]);
    }
}
