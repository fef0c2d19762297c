namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// The kinds of place a capture time can come from, in the order issue 3 ranks them: the first kind that holds a
/// plausible value wins.
/// </summary>
public enum CaptureSource
{
    /// <summary>EXIF DateTimeOriginal, with OffsetTimeOriginal and SubSecTimeOriginal.</summary>
    ExifDateTimeOriginal,

    /// <summary>EXIF CreateDate (DateTimeDigitized), with OffsetTimeDigitized and SubSecTimeDigitized.</summary>
    ExifCreateDate,

    /// <summary>Apple's <c>com.apple.quicktime.creationdate</c>: local time with its offset.</summary>
    QuickTimeCreationDate,

    /// <summary>A container's own capture date (AVI IDIT, H.264/AVCHD, Matroska, MP4 user data, FLIR, CanonRaw, PNG Creation Time).</summary>
    ContainerDateTimeOriginal,

    /// <summary>XMP embedded in the file: exif:DateTimeOriginal, photoshop:DateCreated, xmp:CreateDate.</summary>
    EmbeddedXmp,

    /// <summary>The same XMP properties in an <c>.xmp</c> sidecar.</summary>
    SidecarXmp,

    /// <summary>A Google Takeout sidecar's <c>photoTakenTime</c> (UTC).</summary>
    TakeoutPhotoTakenTime,

    /// <summary>QuickTime/MP4 <c>mvhd</c> creation time: UTC by specification.</summary>
    QuickTimeCreateDate,

    /// <summary>A date in the file name.</summary>
    FileName,

    /// <summary>
    /// The GPS receiver's date and time stamp (UTC, from the satellites): used only when nothing above has a date, put in
    /// the configured home time zone when there is one.
    /// </summary>
    GpsDateTime,

    /// <summary>The file's modification time.</summary>
    FileTime,
}
