namespace PhotoFactory.Dashboard.Thumbnails;

/// <summary>How pictures are made for the pages; bound from <c>Dashboard:Thumbnails</c>.</summary>
public sealed class ThumbnailOptions
{
    public const string SectionName = "Dashboard:Thumbnails";

    /// <summary>How many pictures are made at once; the rest wait. Making one holds a decoded image in memory.</summary>
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>How long making one picture may take before the page gets a placeholder saying so.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The originals folder the pictures are made from (the Librarian's <c>PhotoFactory:Originals</c>, which the AppHost
    /// hands the Dashboard read-only); without it every picture is a placeholder saying so.
    /// </summary>
    public string? Originals { get; set; }

    /// <summary>The JPEG quality of the pictures made (1-100).</summary>
    public int Quality { get; set; } = 80;
}
