namespace PhotoFactory.Catalog.Events;

/// <summary>The kinds of recorded Librarian decisions that create no asset.</summary>
public enum IngestEventKind
{
    Duplicate,
    Quarantined,
}
