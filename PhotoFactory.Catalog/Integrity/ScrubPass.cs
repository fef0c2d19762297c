namespace PhotoFactory.Catalog.Integrity;

/// <summary>
/// One pass of the scrub over the originals: first every catalogued asset in id order, then every folder in name
/// order. The cursors make it resumable in small steps; the counters are what the Dashboard shows.
/// </summary>
public sealed class ScrubPass
{
    /// <summary>
    /// One more than the pass before (given, not generated): two Librarians that start the next pass at once insert
    /// the same id, and only one of them can.
    /// </summary>
    public long Id { get; set; }

    /// <summary>The Librarian working on the pass (<c>host:pid:start</c>); another takes over once it stops updating it.</summary>
    public required string Owner { get; set; }

    public DateTime StartedAt { get; set; }

    /// <summary>When the pass had looked at everything; null while it runs.</summary>
    public DateTime? CompletedAt { get; set; }

    /// <summary>When the pass last recorded a step.</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>The last asset checked, in id order; null before the first.</summary>
    public Guid? AssetCursor { get; set; }

    /// <summary>Whether every asset has been checked and the pass walks the folders now.</summary>
    public bool AssetsDone { get; set; }

    /// <summary>The last folder walked, relative to the originals root; null before the first.</summary>
    public string? FolderCursor { get; set; }

    /// <summary>How many assets the catalogue held when the pass began: its measure of progress.</summary>
    public long AssetsTotal { get; set; }

    public long AssetsChecked { get; set; }

    public long BytesRead { get; set; }

    /// <summary>Time spent reading (throttle included, pauses for filing not): bytes over this is the pass's rate.</summary>
    public double ReadSeconds { get; set; }

    public long FoldersWalked { get; set; }

    /// <summary>Findings this pass recorded, new or seen again.</summary>
    public long Findings { get; set; }

    /// <summary>
    /// How far the assets are checked, in percent of those there were when the pass began (files filed meanwhile join
    /// the pass, so the count is capped at 100).
    /// </summary>
    public double Percent => AssetsTotal == 0 ? (AssetsDone ? 100 : 0) : 100.0 * Math.Min(AssetsChecked, AssetsTotal) / AssetsTotal;

    /// <summary>Bytes per second while reading, once anything was read.</summary>
    public double? Rate => ReadSeconds > 0 ? BytesRead / ReadSeconds : null;
}
