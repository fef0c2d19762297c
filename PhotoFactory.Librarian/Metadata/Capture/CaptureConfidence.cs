namespace PhotoFactory.Librarian.Metadata;

/// <summary>How well a <see cref="CaptureTime"/> pins down the local date at the place of capture, best first.</summary>
public enum CaptureConfidence
{
    /// <summary>A wall clock written by the device together with its offset (or a UTC time converted with a known offset).</summary>
    LocalWithOffset,

    /// <summary>A wall clock written by the device without an offset: the date is right, the instant is not known.</summary>
    LocalWithoutOffset,

    /// <summary>Only a UTC time was found, put in the configured home time zone: right for photos taken at home.</summary>
    HomeTimeZone,

    /// <summary>Only a UTC time was found and no offset: the folder date is the UTC date and may be a day off.</summary>
    UtcOnly,

    /// <summary>Read from a date in the file name.</summary>
    FileName,

    /// <summary>The file's modification time, in the host's time zone: a last resort.</summary>
    FileTime,
}
