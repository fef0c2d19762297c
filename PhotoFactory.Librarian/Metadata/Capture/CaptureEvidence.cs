namespace PhotoFactory.Librarian.Metadata;

/// <summary>Everything known about one file that bears on when and where it was captured.</summary>
/// <param name="FileName">The file's name as it arrived (for dates in the name).</param>
/// <param name="Metadata">What the file says about itself (<see cref="IMediaMetadataReader"/>).</param>
/// <param name="ModifiedAt">The file's modification time: the last resort.</param>
public sealed record CaptureEvidence(string FileName, MediaMetadata Metadata, DateTimeOffset? ModifiedAt)
{
    /// <summary>What its sidecars say (<see cref="SidecarReader"/>).</summary>
    public SidecarFacts Sidecars { get; init; } = SidecarFacts.None;

    /// <summary>Its live-photo partner's capture time; its offset (when really known) localises UTC-only times.</summary>
    public CaptureTime? Partner { get; init; }
}
