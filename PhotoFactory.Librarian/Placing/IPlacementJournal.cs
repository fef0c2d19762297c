namespace PhotoFactory.Librarian.Placing;

/// <summary>
/// Where placement records final names it had to choose anew (the planned one was taken meanwhile) before any
/// rename takes one, so that a crash can still be rolled back: the claim in the catalogue.
/// </summary>
internal interface IPlacementJournal
{
    Task RecordNamesAsync(InFlight inFlight, CancellationToken cancellationToken);
}
