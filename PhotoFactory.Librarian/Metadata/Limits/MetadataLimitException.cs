namespace PhotoFactory.Librarian.Metadata;

/// <summary>A file's metadata would take more memory or time than one file may: it is not read, and the reason is recorded.</summary>
public sealed class MetadataLimitException(string reason) : Exception(reason);
