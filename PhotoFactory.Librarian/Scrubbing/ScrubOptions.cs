using System.ComponentModel.DataAnnotations;

namespace PhotoFactory.Librarian.Scrubbing;

/// <summary>How the Librarian re-reads the originals to prove them. Bound from <c>Librarian:Scrub</c>.</summary>
public sealed class ScrubOptions
{
    public const string SectionName = LibrarianOptions.SectionName + ":Scrub";

    /// <summary>Whether the service scrubs at all; <c>verify</c> on the command line works either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A new full pass begins this long after the last one began.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// At most this many bytes a second are read, so the disks stay free for filing and for Immich: 32 MiB/s proves a
    /// terabyte in about nine hours.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long ReadBytesPerSecond { get; set; } = 32L << 20;

    /// <summary>How many assets one step checks before it records where it is: what a restart may check again.</summary>
    [Range(1, 10_000)]
    public int StepSize { get; set; } = 32;

    /// <summary>How long after a failed step (the catalogue away, say) the scrub tries again.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A pass whose Librarian has not recorded a step for this long is taken over by another.</summary>
    public TimeSpan TakeOverAfter { get; set; } = TimeSpan.FromMinutes(10);
}
