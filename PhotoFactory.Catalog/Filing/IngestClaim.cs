namespace PhotoFactory.Catalog.Filing;

/// <summary>
/// A Librarian's claim on one inbox file while it is being filed: the journal that lets a restart finish or
/// roll back what was in flight, and that keeps two Librarians from filing the same file.
/// </summary>
public sealed class IngestClaim
{
    /// <summary>Path relative to the inbox, with '/' separators; one claim per file.</summary>
    public required string SourcePath { get; set; }

    /// <summary>Which Librarian holds it: <c>host:pid:start</c>.</summary>
    public required string Owner { get; set; }

    public DateTime ClaimedAt { get; set; }

    /// <summary>Refreshed while the owner works on it; a claim not renewed within the lease is abandoned.</summary>
    public DateTime RenewedAt { get; set; }

    public IngestClaimStage Stage { get; set; }

    public string? Sha256 { get; set; }

    /// <summary>
    /// The files this claim writes under the originals, as JSON: temporary and final paths relative to the
    /// originals root. Recorded before each file is created, so recovery knows what to remove.
    /// </summary>
    public string Transfers { get; set; } = "[]";
}
