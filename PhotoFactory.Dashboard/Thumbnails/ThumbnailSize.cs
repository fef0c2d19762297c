namespace PhotoFactory.Dashboard.Thumbnails;

/// <summary>The two pictures a page asks for: a small one for lists, a large one for the asset page.</summary>
public enum ThumbnailSize
{
    Small,
    Large,
}

/// <summary>The box each size fits in, and its name in a URL and in the cache.</summary>
public static class ThumbnailSizes
{
    public static int Pixels(this ThumbnailSize size) => size == ThumbnailSize.Small ? 160 : 1024;

    public static string Name(this ThumbnailSize size) => size == ThumbnailSize.Small ? "small" : "large";

    public static bool TryParse(string? name, out ThumbnailSize size)
    {
        size = name is "large" ? ThumbnailSize.Large : ThumbnailSize.Small;
        return name is null or "small" or "large";
    }
}
