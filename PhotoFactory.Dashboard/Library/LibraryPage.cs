using PhotoFactory.Catalog.Assets;

namespace PhotoFactory.Dashboard.Library;

/// <summary>One row of the library grid.</summary>
public sealed record LibraryRow(
    Guid Id,
    string OriginalName,
    string FinalPath,
    DateTime? CapturedAtLocal,
    int? CaptureOffsetMinutes,
    DateTime IngestedAt,
    MediaKind Kind,
    string? CameraMake,
    string? CameraModel,
    long SizeBytes,
    bool HasLocation,
    bool HasErrors)
{
    public Camera Camera => new(CameraMake, CameraModel);
}

/// <summary>
/// Where a page starts: just after the row with this sort key and id. Undated assets come after all dated ones
/// in both capture orders (the providers disagree on where NULL sorts), so a cursor says which part it is in.
/// </summary>
public sealed record LibraryCursor(bool InUndated, DateTime? Key, Guid Id);

/// <summary>One page of the library and where the next one starts (null on the last page).</summary>
public sealed record LibraryPage(IReadOnlyList<LibraryRow> Rows, LibraryCursor? Next);
