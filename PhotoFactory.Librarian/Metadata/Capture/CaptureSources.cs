namespace PhotoFactory.Librarian.Metadata;

/// <summary>The <see cref="CaptureTime.Source"/> strings the Librarian records.</summary>
public static class CaptureSources
{
    public const string ExifDateTimeOriginal = "exif:DateTimeOriginal";
    public const string ExifCreateDate = "exif:CreateDate";
    public const string QuickTimeCreationDate = "quicktime:creationdate";
    public const string XmpDateTimeOriginal = "xmp:DateTimeOriginal";
    public const string XmpDateCreated = "xmp:DateCreated";
    public const string XmpCreateDate = "xmp:CreateDate";
    public const string SidecarPrefix = "sidecar:";
    public const string TakeoutPhotoTakenTime = "takeout:photoTakenTime";
    public const string QuickTimeCreateDate = "quicktime:CreateDate";
    public const string PngCreationTime = "png:CreationTime";
    public const string GpsDateTime = "gps:DateTime";
    public const string FileName = "filename";
    public const string FileTime = "mtime";

    /// <summary>A UTC time put in the configured home time zone, e.g. <c>gps:DateTime@Europe/Berlin</c>: the record says which zone.</summary>
    public static string InZone(string source, TimeZoneInfo zone) => $"{source}@{zone.Id}";

    /// <summary>A container's own capture date, e.g. <c>riff:DateTimeOriginal</c> or <c>h264:DateTimeOriginal</c>.</summary>
    public static string Container(string container, string tag = "DateTimeOriginal") =>
        $"{container.ToLowerInvariant()}:{tag}";
}
