using PhotoFactory.Librarian.Inbox;

namespace PhotoFactory.Librarian.Planning;

/// <summary>A media file and the sidecars that travel with it.</summary>
/// <param name="Primary">The photo or video.</param>
/// <param name="Sidecars">Its .xmp, .aae, .thm and Google Takeout .json files, in the same inbox folder.</param>
public sealed record FilingUnit(InboxEntry Primary, IReadOnlyList<InboxEntry> Sidecars)
{
    /// <summary>For a live photo's video: the inbox path of its still, whose folder it follows.</summary>
    public string? LiveStill { get; init; }
}

/// <summary>
/// Units filed one after the other by one worker, in this order: every file of one name (so that which
/// becomes <c>name_1</c> does not depend on timing), a live photo's still before its video.
/// </summary>
public sealed record FilingWork(IReadOnlyList<FilingUnit> Units);
