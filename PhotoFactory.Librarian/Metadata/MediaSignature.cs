using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>What a file's first bytes say it is.</summary>
/// <param name="Format">The container format.</param>
/// <param name="MimeType">The MIME type, refined by the ISO brand or, for TIFF-based RAW, the extension.</param>
/// <param name="HasFileTypeBox">For ISO base media: whether it starts with an <c>ftyp</c> box (MetadataExtractor 2.4.3 needs one).</param>
public sealed record MediaSignature(MediaFormat Format, string MimeType, bool HasFileTypeBox = true);
