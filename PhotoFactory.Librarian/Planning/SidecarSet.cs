namespace PhotoFactory.Librarian.Planning;

/// <summary>The files in a media file's folder that belong to it and must move with it (names, not paths).</summary>
/// <param name="Xmp">XMP sidecars: <c>IMG_1.JPG.xmp</c> or <c>IMG_1.xmp</c>.</param>
/// <param name="TakeoutJson">Google Takeout metadata: <c>IMG_1.JPG.json</c>, <c>IMG_1.json</c>, <c>IMG_1.JPG(1).json</c>,
/// <c>IMG_1.JPG.supplemental-metadata.json</c> and truncated forms.</param>
/// <param name="Aae">Apple edit instructions: <c>IMG_1.AAE</c>, <c>IMG_O1.AAE</c>.</param>
/// <param name="Thumbnails">Camera video thumbnails: <c>MVI_1.THM</c>.</param>
public sealed record SidecarSet(IReadOnlyList<string> Xmp, IReadOnlyList<string> TakeoutJson, IReadOnlyList<string> Aae, IReadOnlyList<string> Thumbnails)
{
    public static SidecarSet Empty { get; } = new([], [], [], []);

    /// <summary>Every sidecar's name.</summary>
    public IEnumerable<string> All => Xmp.Concat(TakeoutJson).Concat(Aae).Concat(Thumbnails);

    public bool IsEmpty => !All.Any();
}
