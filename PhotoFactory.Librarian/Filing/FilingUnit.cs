using PhotoFactory.Librarian.Inbox;

namespace PhotoFactory.Librarian.Filing;

/// <summary>A media file and the sidecars that travel with it.</summary>
/// <param name="Primary">The photo or video.</param>
/// <param name="Sidecars">Its .xmp, .aae, .thm and Google Takeout .json files, in the same inbox folder.</param>
public sealed record FilingUnit(InboxEntry Primary, IReadOnlyList<InboxEntry> Sidecars);

/// <summary>
/// Units filed one after the other by one worker: a live photo's still first, then its video, which
/// follows the still into its folder.
/// </summary>
public sealed record FilingWork(IReadOnlyList<FilingUnit> Units);
