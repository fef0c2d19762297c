namespace PhotoFactory.Catalog.Assets;

/// <summary>What sort of media a file is.</summary>
public enum MediaKind
{
    Photo,
    Raw,
    Video,
}
