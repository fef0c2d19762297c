namespace PhotoFactory.Dashboard;

/// <summary>How the Dashboard refreshes and judges heartbeats; bound from <c>Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>How often open pages re-read their numbers and tables.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the slow-moving aggregates (files per day, library by year, camera list, uptime) are reused
    /// before they are counted again; they scan far more rows than the live numbers do.
    /// </summary>
    public TimeSpan AggregateRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each service is expected to report, by service name; others get <see cref="DefaultHeartbeatInterval"/>.</summary>
    public Dictionary<string, TimeSpan> HeartbeatIntervals { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [ResourceNames.Librarian] = TimeSpan.FromSeconds(60),
        [ResourceNames.Monitor] = TimeSpan.FromSeconds(60),
    };

    /// <summary>The interval assumed for services not listed in <see cref="HeartbeatIntervals"/>, as the original did.</summary>
    public TimeSpan DefaultHeartbeatInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The folder whose disk the header reports free space for; the data directory when unset.</summary>
    public string? DiskPath { get; set; }

    /// <summary>The Docker Engine API for container logs; a <c>unix://</c> socket that does not exist means "no logs here".</summary>
    public Uri DockerEndpoint { get; set; } = new("unix:///var/run/docker.sock");

    /// <summary>
    /// Immich's address as browsers reach it (<c>Dashboard:ImmichUrl</c>), for "Open in Immich" on a photo's page;
    /// unset where Immich is not deployed.
    /// </summary>
    public string? ImmichUrl { get; set; }

    /// <summary>A photo's page in Immich's web app; null without a usable <see cref="ImmichUrl"/>.</summary>
    public Uri? ImmichPhoto(Guid immichAssetId) =>
        Uri.TryCreate(ImmichUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? new Uri(new Uri(url.AbsoluteUri.TrimEnd('/') + "/"), $"photos/{immichAssetId}")
            : null;

    /// <summary>How many of a container's last log lines the service page shows.</summary>
    public int LogLines { get; set; } = 100;

    public TimeSpan HeartbeatIntervalOf(string serviceName) =>
        HeartbeatIntervals.TryGetValue(serviceName, out var interval) ? interval : DefaultHeartbeatInterval;
}
