namespace PhotoFactory.Librarian.Metadata;

/// <summary>Which readers contributed to a <see cref="MediaMetadata"/>.</summary>
[Flags]
public enum MetadataReaders
{
    None = 0,
    MetadataExtractor = 1,
    ExifTool = 2,
}
