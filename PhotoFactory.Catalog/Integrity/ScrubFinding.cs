namespace PhotoFactory.Catalog.Integrity;

/// <summary>
/// One thing a scrub found wrong with one file under the originals. A finding stays one row while later passes see it
/// again (<see cref="LastSeenAt"/> moves on) and is resolved once a pass finds the file as filed again; the scrub only
/// reports, so the file itself is never changed.
/// </summary>
public sealed class ScrubFinding
{
    public long Id { get; set; }

    public ScrubFindingKind Kind { get; set; }

    /// <summary>The file, relative to the originals root with '/' separators.</summary>
    public required string Path { get; set; }

    /// <summary>The catalogued asset the file is (or belongs to), when there is one.</summary>
    public Guid? AssetId { get; set; }

    /// <summary>What the catalogue says should be there, in words, e.g. "4 030 112 bytes".</summary>
    public required string Expected { get; set; }

    /// <summary>What the scrub found instead, in words.</summary>
    public required string Found { get; set; }

    public DateTime FirstSeenAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    /// <summary>When a pass found the file as filed again (or gone, for a stray); null while the problem stands.</summary>
    public DateTime? ResolvedAt { get; set; }
}
