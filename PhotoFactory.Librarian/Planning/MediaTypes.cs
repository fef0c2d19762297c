using System.Collections.Frozen;
using PhotoFactory.Catalog.Assets;

namespace PhotoFactory.Librarian.Planning;

/// <summary>The file extensions the Librarian treats as media, and what kind of media each is.</summary>
public static class MediaTypes
{
    private static readonly FrozenDictionary<string, MediaKind> KindByExtension = new Dictionary<string, MediaKind>
    {
        [".jpg"] = MediaKind.Photo, [".jpeg"] = MediaKind.Photo, [".png"] = MediaKind.Photo, [".gif"] = MediaKind.Photo,
        [".webp"] = MediaKind.Photo, [".heic"] = MediaKind.Photo, [".heif"] = MediaKind.Photo, [".avif"] = MediaKind.Photo,
        [".tif"] = MediaKind.Photo, [".tiff"] = MediaKind.Photo,

        [".cr2"] = MediaKind.Raw, [".cr3"] = MediaKind.Raw, [".crw"] = MediaKind.Raw, [".nef"] = MediaKind.Raw,
        [".nrw"] = MediaKind.Raw, [".arw"] = MediaKind.Raw, [".dng"] = MediaKind.Raw, [".raf"] = MediaKind.Raw,
        [".orf"] = MediaKind.Raw, [".rw2"] = MediaKind.Raw, [".pef"] = MediaKind.Raw, [".srw"] = MediaKind.Raw,
        [".mrw"] = MediaKind.Raw, [".x3f"] = MediaKind.Raw, [".iiq"] = MediaKind.Raw,

        [".mp4"] = MediaKind.Video, [".mov"] = MediaKind.Video, [".m4v"] = MediaKind.Video, [".avi"] = MediaKind.Video,
        [".mkv"] = MediaKind.Video, [".webm"] = MediaKind.Video, [".3gp"] = MediaKind.Video, [".3g2"] = MediaKind.Video,
        [".mts"] = MediaKind.Video, [".m2ts"] = MediaKind.Video,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every media extension, with its leading dot, lower case.</summary>
    public static IReadOnlyCollection<string> Extensions => KindByExtension.Keys;

    /// <summary>True when the file's extension (case-insensitive) is a photo, RAW or video extension.</summary>
    public static bool IsMedia(string pathOrName) => KindOf(pathOrName) is not null;

    /// <summary>The kind of media the extension names, or null when it is not a media extension.</summary>
    public static MediaKind? KindOf(string pathOrName) =>
        KindByExtension.TryGetValue(Path.GetExtension(pathOrName), out var kind) ? kind : null;

    /// <summary>
    /// The kind of media the content is. The content decides (a JPEG named <c>.nef</c> is a photo); the extension
    /// only settles TIFF, which RAW formats such as NEF, ARW and DNG are built on.
    /// </summary>
    public static MediaKind KindOf(MediaFormat format, string pathOrName) => format switch
    {
        MediaFormat.Tiff => KindOf(pathOrName) == MediaKind.Raw ? MediaKind.Raw : MediaKind.Photo,
        MediaFormat.CanonCr2 or MediaFormat.CanonCr3 or MediaFormat.CanonCrw or MediaFormat.FujifilmRaf
            or MediaFormat.OlympusOrf or MediaFormat.PanasonicRw2 or MediaFormat.MinoltaMrw or MediaFormat.SigmaX3f => MediaKind.Raw,
        MediaFormat.QuickTime or MediaFormat.Avi or MediaFormat.Matroska or MediaFormat.MpegTransportStream => MediaKind.Video,
        _ => MediaKind.Photo,
    };
}
