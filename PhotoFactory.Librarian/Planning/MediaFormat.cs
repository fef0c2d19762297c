namespace PhotoFactory.Librarian.Planning;

/// <summary>A container format recognised from a file's first bytes, whatever its extension says.</summary>
public enum MediaFormat
{
    Jpeg,
    Png,
    Gif,
    WebP,

    /// <summary>HEIF/HEIC stills (ISO base media with a HEIF brand).</summary>
    Heif,
    Avif,

    /// <summary>TIFF, and the RAW formats built on it that cannot be told apart by their first bytes (NEF, ARW, DNG, IIQ…).</summary>
    Tiff,
    CanonCr2,
    CanonCr3,
    CanonCrw,
    FujifilmRaf,
    OlympusOrf,
    PanasonicRw2,
    MinoltaMrw,
    SigmaX3f,

    /// <summary>QuickTime and ISO base media video: MOV, MP4, M4V, 3GP (with or without an <c>ftyp</c> box).</summary>
    QuickTime,
    Avi,

    /// <summary>Matroska and WebM.</summary>
    Matroska,

    /// <summary>MPEG transport stream: AVCHD <c>.mts</c>/<c>.m2ts</c>.</summary>
    MpegTransportStream,
}
