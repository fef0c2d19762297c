namespace PhotoFactory.Catalog.Integrity;

/// <summary>What a scrub of the originals can find wrong; each is its own kind of problem.</summary>
public enum ScrubFindingKind
{
    /// <summary>A catalogued file whose SHA-256 is no longer the one it was filed with (bit rot, an edit in place).</summary>
    ContentChanged,

    /// <summary>A catalogued file that is there with another size than it was filed with.</summary>
    SizeChanged,

    /// <summary>A catalogued file that is no longer there.</summary>
    Missing,

    /// <summary>A file under the originals that the catalogue does not know and that is no sidecar of one it knows.</summary>
    Untracked,

    /// <summary>A stored file that may be written again: originals are filed read-only.</summary>
    Writable,

    /// <summary>
    /// A folder under the originals that the Librarian cannot list (its permissions changed by hand, say): its files
    /// cannot be checked for strays. The walk goes on past it.
    /// </summary>
    Unlistable,
}

/// <summary>The kinds in the words the command line, the Monitor and the Dashboard all use.</summary>
public static class ScrubFindingWords
{
    public static string Of(ScrubFindingKind kind) => kind switch
    {
        ScrubFindingKind.ContentChanged => "content changed",
        ScrubFindingKind.SizeChanged => "size changed",
        ScrubFindingKind.Missing => "missing",
        ScrubFindingKind.Untracked => "not catalogued",
        ScrubFindingKind.Writable => "writable",
        ScrubFindingKind.Unlistable => "folder unreadable",
        _ => kind.ToString(),
    };
}
