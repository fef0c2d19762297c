namespace PhotoFactory.Catalog.Events;

/// <summary>Something the Librarian decided about a file that did not become a new asset.</summary>
public sealed class IngestEvent
{
    public long Id { get; set; }
    public IngestEventKind Kind { get; set; }

    /// <summary>Path relative to the inbox where the file was met.</summary>
    public required string SourcePath { get; set; }

    public string? Sha256 { get; set; }
    public long? SizeBytes { get; set; }

    /// <summary>Human-readable reason, e.g. "empty file" or "same content as 2021/2021-05-01/IMG_1.JPG".</summary>
    public required string Reason { get; set; }

    /// <summary>For duplicates, the asset already holding the content.</summary>
    public Guid? DuplicateOfAssetId { get; set; }

    /// <summary>For quarantined files, where the file now is, relative to the quarantine root.</summary>
    public string? QuarantinePath { get; set; }

    public DateTime OccurredAt { get; set; }
}
