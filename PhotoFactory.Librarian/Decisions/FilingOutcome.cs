namespace PhotoFactory.Librarian.Decisions;

/// <summary>What became of one file met in the inbox.</summary>
public enum FilingOutcome
{
    Placed,
    Duplicate,
    Ignored,
    Quarantined,

    /// <summary>Not handled this time (catalogue unreachable, file changed meanwhile); it stays in the inbox for a retry.</summary>
    Deferred,
}
