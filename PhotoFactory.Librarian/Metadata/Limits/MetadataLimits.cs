using System.Globalization;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// How much one file's metadata may cost (section <c>Librarian:Metadata</c>). Cameras and phones write kilobytes of
/// metadata, a few megabytes with a depth map or a panorama's extended XMP; the limits sit far above that and far
/// below what would strain the Librarian with several files read at once.
/// </summary>
public sealed class MetadataLimits
{
    /// <summary>Largest metadata block read whole: a PNG text, Exif or ICC chunk (after inflating), a JPEG's XMP.</summary>
    public long BlockBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>All metadata blocks of one file together (PNG chunks, JPEG segments before the image data).</summary>
    public long TotalBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How many bytes of the file the in-process reader may read (it seeks over image and video data).</summary>
    public long ReadBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How deep ISO media boxes (MP4, MOV, HEIC, CR3) may nest; real files stay below ten.</summary>
    public int BoxDepth { get; set; } = 32;

    /// <summary>How many chunks, segments or boxes a file may hold before its image or video data.</summary>
    public int Blocks { get; set; } = 100_000;

    /// <summary>How long the in-process reader may take over one file.</summary>
    public TimeSpan ReadTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>"16 MB", "300 bytes": sizes as a reason shows them.</summary>
    public static string Describe(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
