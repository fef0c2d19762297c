using PhotoFactory.Catalog.Integrity;

namespace PhotoFactory.Librarian.Scrubbing;

/// <summary>A problem found with one file under the originals, before it is recorded.</summary>
/// <param name="Path">Relative to the originals root, '/'-separated.</param>
internal sealed record Finding(ScrubFindingKind Kind, string Path, Guid? AssetId, string Expected, string Found)
{
    /// <summary>One line, as <c>verify</c> prints it: <c>content changed: 2013/2013-01-01/IMG_2.JPG (expected …; found …)</c>.</summary>
    public override string ToString() => $"{ScrubFindingWords.Of(Kind)}: {Path} (expected {Expected}; found {Found})";
}
