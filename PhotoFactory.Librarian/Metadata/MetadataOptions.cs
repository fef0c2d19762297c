namespace PhotoFactory.Librarian.Metadata;

/// <summary>How the Librarian reads metadata (section <c>Librarian:Metadata</c>).</summary>
public sealed class MetadataOptions
{
    public const string SectionName = "Librarian:Metadata";

    /// <summary>The exiftool executable: a name looked up on PATH, or a full path.</summary>
    public string ExifToolPath { get; set; } = "exiftool";

    /// <summary>How long exiftool may take over one file before it is restarted.</summary>
    public TimeSpan ExifToolTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where the family lives, as an IANA time zone (<c>Europe/Berlin</c>): a capture time known only in UTC (a GPS
    /// stamp, a video's creation time, Takeout) with no offset from the file or its partner is put in this zone and the
    /// record names it. Unset: such files are dated by their UTC date.
    /// </summary>
    public string? HomeTimeZone { get; set; }

    /// <summary>How much one file's metadata may cost in memory and time (<c>Librarian:Metadata:Limits</c>).</summary>
    public MetadataLimits Limits { get; set; } = new();
}
