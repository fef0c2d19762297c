using PhotoFactory.Librarian.Cataloguing;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Librarian.Planning;
using PhotoFactory.Librarian.Release;

namespace PhotoFactory.Librarian.Filing;

/// <summary>One unit being filed, once its copy is hashed: what was learnt about it, how it is filed, what it has written so far.</summary>
internal sealed record FilingContext(FileFacts Facts, FilingMode Mode, InFlight InFlight, string Sha256, long Size)
{
    public FilingUnit Unit => Facts.Unit;

    public FilingResult Result(FilingOutcome outcome, string? reason) => Facts.Result(outcome, reason, Sha256, Size);

    /// <summary>
    /// The catalogue owns the result: nothing is rolled back from now on, a move lets go of the inbox copy, and the
    /// claim ends once nothing of the file is left in the inbox (otherwise recovery removes the rest and ends it).
    /// </summary>
    public async Task CommittedAsync(InboxCleaner inbox, ClaimJournal claims)
    {
        InFlight.Committed = true;
        if (Mode != FilingMode.Move || inbox.Remove(InFlight))
        {
            await claims.TryReleaseAsync(InFlight.SourcePath);
        }
    }
}
