using PhotoFactory.Catalog.Assets;

namespace PhotoFactory.Dashboard.Library;

/// <summary>What the library grid is narrowed to; every field null means everything.</summary>
/// <param name="From">First capture day included (the camera's wall clock).</param>
/// <param name="To">Last capture day included.</param>
/// <param name="Camera">A camera from <see cref="LibraryQuery.ReadCamerasAsync"/>.</param>
public sealed record LibraryFilter(
    DateOnly? From = null,
    DateOnly? To = null,
    Camera? Camera = null,
    MediaKind? Kind = null,
    bool? HasLocation = null,
    bool? HasErrors = null)
{
    public static LibraryFilter None { get; } = new();
}

/// <summary>A camera as its files name it; either part may be missing.</summary>
public sealed record Camera(string? Make, string? Model)
{
    /// <summary>"Canon EOS R5", not "Canon Canon EOS R5": many models already start with the make.</summary>
    public string Label =>
        (Make, Model) switch
        {
            (null, null) => "unknown camera",
            ({ } make, null) => make,
            (null, { } model) => model,
            ({ } make, { } model) when model.StartsWith(make, StringComparison.OrdinalIgnoreCase) => model,
            ({ } make, { } model) => $"{make} {model}",
        };

    /// <summary>A stable text key for a form's select element.</summary>
    public string Key => $"{Make}\u001f{Model}";
}

/// <summary>The orders the library can be paged in; each is backed by an index ending in the asset id.</summary>
public enum LibrarySort
{
    CapturedNewest,
    CapturedOldest,
    IngestedNewest,
    IngestedOldest,
}
