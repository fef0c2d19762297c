namespace PhotoFactory.Librarian.Metadata;

/// <summary>How the Librarian reads metadata (section <c>Librarian:Metadata</c>).</summary>
public sealed class MetadataOptions
{
    public const string SectionName = "Librarian:Metadata";

    /// <summary>The exiftool executable: a name looked up on PATH, or a full path.</summary>
    public string ExifToolPath { get; set; } = "exiftool";

    /// <summary>How long exiftool may take over one file before it is restarted.</summary>
    public TimeSpan ExifToolTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How much one file's metadata may cost in memory and time (<c>Librarian:Metadata:Limits</c>).</summary>
    public MetadataLimits Limits { get; set; } = new();
}
