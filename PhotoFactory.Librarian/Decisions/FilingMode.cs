namespace PhotoFactory.Librarian.Decisions;

/// <summary>What the Librarian may do to the inbox.</summary>
public enum FilingMode
{
    /// <summary>File into the originals, then remove the inbox copy (the service, and <c>ingest</c>).</summary>
    Move,

    /// <summary>File into the originals and leave the inbox untouched (<c>ingest --copy</c>).</summary>
    Copy,

    /// <summary>Change nothing anywhere; say what would happen (<c>ingest --dry-run</c>).</summary>
    DryRun,
}
