using System.ComponentModel.DataAnnotations;

namespace PhotoFactory.Librarian;

/// <summary>Where the Librarian reads and files, and how patiently. Bound from <c>PhotoFactory</c> and <c>Librarian</c>.</summary>
public sealed class LibrarianOptions
{
    /// <summary>Section holding the paths shared by every service (the AppHost sets them).</summary>
    public const string PathsSectionName = HostContract.Section;

    /// <summary>Section holding the Librarian's own behaviour.</summary>
    public const string SectionName = "Librarian";

    [Required]
    public string Inbox { get; set; } = "Photos_Inbox";

    [Required]
    public string Originals { get; set; } = "Storage/Originals";

    /// <summary>Where unreadable or non-media files go, keeping their path relative to the inbox.</summary>
    [Required]
    public string Quarantine { get; set; } = "Storage/Quarantine";

    /// <summary>A file is not touched until its size and modification time have held still this long.</summary>
    public TimeSpan SettleWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A full rescan of the inbox also runs this often, whatever the file watcher says.</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether the inbox is watched for changes. A shared file system without change notices (NFS, SMB) sends none,
    /// and one watch per folder costs inotify watches on a large inbox: with false, the Librarian finds files by its
    /// rescan alone (set <see cref="RescanInterval"/> to how soon a file should be found).
    /// </summary>
    public bool WatchInbox { get; set; } = true;

    /// <summary>A claim not renewed for this long belongs to a Librarian that died; another may take it over.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many files are filed at once. Filing waits on disk flushes and the catalogue more than it computes, so
    /// the default is four per core (at most 16): while some wait, others hash.
    /// </summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = Math.Min(16, 4 * Environment.ProcessorCount);

    /// <summary>Re-read each copy from disk after flushing and compare its hash before it gets its real name.</summary>
    public bool VerifyCopies { get; set; } = true;
}
