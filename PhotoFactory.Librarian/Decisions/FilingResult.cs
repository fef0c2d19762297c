using PhotoFactory.Librarian.Metadata;

namespace PhotoFactory.Librarian.Decisions;

/// <summary>The decision about one inbox file and everything the report needs to say about it.</summary>
public sealed record FilingResult(string Source, FilingOutcome Outcome, string? Reason)
{
    /// <summary>Path relative to the originals root, for placed files and duplicates (the stored original).</summary>
    public string? Destination { get; init; }

    public string? Sha256 { get; init; }
    public CaptureTime? Captured { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public long SizeBytes { get; init; }

    /// <summary>For quarantined files moved out of the inbox, where they are now, relative to the quarantine root.</summary>
    public string? QuarantinePath { get; init; }

    /// <summary>Sidecars that travelled with the file, relative to the originals root.</summary>
    public IReadOnlyList<string> Sidecars { get; init; } = [];

    public static FilingResult Ignored(string source, string reason) => new(source, FilingOutcome.Ignored, reason);

    /// <summary>For deferred files: the reason has passed by the time the call returns, so filing again at once will settle it.</summary>
    public bool RetryNow { get; init; }

    public static FilingResult Deferred(string source, string reason) => new(source, FilingOutcome.Deferred, reason);
}
