using PhotoFactory.Monitor.Probes;

namespace PhotoFactory.Monitor.Immich;

/// <summary>
/// <c>Monitor:Immich</c>: the external library Immich shows the originals in, kept and told about new photos. The row's
/// own schedule (<see cref="ProbeOptions.Interval"/>, <see cref="ProbeOptions.Timeout"/>) also bounds each call to Immich.
/// </summary>
public sealed class ImmichOptions : ProbeOptions
{
    public const string SectionName = HostContract.MonitorImmich;

    /// <summary>
    /// An Immich API key of an admin (library operations are admin-only) with the permissions <c>user.read</c>,
    /// <c>library.read</c>, <c>library.create</c>, <c>library.update</c> and <c>asset.read</c>. Unset: nothing here runs,
    /// and the row says so.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The Immich user who owns the library; unset, the user the API key belongs to.</summary>
    public Guid? OwnerId { get; set; }

    /// <summary>Where Immich's server container sees the originals (the read-only mount the AppHost gives it).</summary>
    public string ImportPath { get; set; } = "/mnt/media/originals";

    /// <summary>The name a library created here gets in Immich.</summary>
    public string LibraryName { get; set; } = "Photo Factory originals";

    /// <summary>How often the Monitor looks for newly filed photos (a query on the catalogue, nothing sent to Immich).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>At most one scan request per this time, however many photos arrive.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A scan waits until no photo has been filed for this long (or until <see cref="ScanInterval"/> has passed since the
    /// first waiting one), so a burst of photos is one scan, not one per minute of the burst plus its tail.
    /// </summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long after a scan the Monitor keeps looking for its photos in Immich (Immich imports in the background).</summary>
    public TimeSpan LinkFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many photos are looked up in Immich per poll.</summary>
    public int LookupBatch { get; set; } = 20;
}
