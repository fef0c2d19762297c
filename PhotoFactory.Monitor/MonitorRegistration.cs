using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor.Alerts;
using PhotoFactory.Monitor.Immich;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Monitor.Recording;

namespace PhotoFactory.Monitor;

/// <summary>Registers the Monitor: its probes, the board and writer behind them, retention, the webhook and its heartbeat.</summary>
internal static class MonitorRegistration
{
    public static IHostApplicationBuilder AddMonitor(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        AddProbeOptions<CatalogueProbeOptions>(services, CatalogueProbeOptions.SectionName);
        AddProbeOptions<SyncthingProbeOptions>(services, SyncthingProbeOptions.SectionName)
            .Validate(o => o.DeviceSilence > TimeSpan.Zero, $"{SyncthingProbeOptions.SectionName}: DeviceSilence must be positive.");
        AddProbeOptions<HttpProbeOptions>(services, HttpProbeOptions.SectionName);
        AddProbeOptions<ImmichDatabaseProbeOptions>(services, ImmichDatabaseProbeOptions.SectionName);
        AddProbeOptions<CacheProbeOptions>(services, CacheProbeOptions.SectionName);
        AddProbeOptions<HeartbeatProbeOptions>(services, HeartbeatProbeOptions.SectionName)
            .Validate(o => o.MissedBeats >= 1 && o.Services.Values.All(interval => interval > TimeSpan.Zero),
                $"{HeartbeatProbeOptions.SectionName}: MissedBeats must be at least 1 and every service's interval positive.");
        AddProbeOptions<ContainerProbeOptions>(services, ContainerProbeOptions.SectionName);
        AddProbeOptions<ImmichOptions>(services, ImmichOptions.SectionName)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.ScanInterval > TimeSpan.Zero && o.QuietPeriod >= TimeSpan.Zero
                    && o.LinkFor >= TimeSpan.Zero && o.LookupBatch > 0 && o.ImportPath.StartsWith('/'),
                $"{ImmichOptions.SectionName}: PollInterval, ScanInterval and LookupBatch must be positive, ImportPath absolute.");
        AddProbeOptions<OriginalsProbeOptions>(services, OriginalsProbeOptions.SectionName)
            .Validate(o => o.StaleAfter > TimeSpan.Zero, $"{OriginalsProbeOptions.SectionName}: StaleAfter must be positive.");
        AddProbeOptions<HostProbeOptions>(services, HostProbeOptions.SectionName)
            .Validate(o => o.CriticalFreeSpacePercent is >= 0 and <= 100 && o.MinimumFreeSpacePercent is >= 0 and <= 100,
                $"{HostProbeOptions.SectionName}: free-space thresholds are percentages.");
        services.AddOptions<RecordingOptions>().BindConfiguration(RecordingOptions.SectionName)
            .Validate(o => o.RetryDelay > TimeSpan.Zero && o.BatchSize > 0 && o.MaxPending >= o.BatchSize,
                $"{RecordingOptions.SectionName}: RetryDelay and BatchSize must be positive, MaxPending at least BatchSize.")
            .ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName)
            .Validate(o => o.Keep > TimeSpan.Zero && o.Interval > TimeSpan.Zero && o.BatchSize > 0,
                $"{RetentionOptions.SectionName}: Keep, Interval and BatchSize must be positive.")
            .ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName)
            .Validate(o => o.Timeout > TimeSpan.Zero && (o.Url is null || o.Url.IsAbsoluteUri),
                $"{WebhookOptions.SectionName}: Url must be absolute and Timeout positive.")
            .ValidateOnStart();

        services.AddSingleton<ProbeHttp>();
        services.AddSingleton<MonitorTelemetry>();
        services.AddSingleton<StatusBoard>();
        services.AddSingleton<WebhookNotifier>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookNotifier>());
        services.AddSingleton<StatusWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<StatusWriter>());
        services.AddHostedService<HistoryRetention>();
        services.AddHostedService<ProbeRunner>();
        services.AddHealthChecks().AddCheck<RecordingHealthCheck>("recording");

        AddProbes(services, builder.Configuration);

        builder.AddServiceHeartbeat(ResourceNames.Monitor, provider => Summary(provider.GetRequiredService<StatusBoard>()));
        return builder;
    }

    /// <summary>
    /// One probe per target. Targets come from configuration (see <see cref="MonitorTargets"/>), filled by the
    /// AppHost from the resources it declares; a target it did not declare is reported as not deployed.
    /// </summary>
    private static void AddProbes(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IProbe, PostgresProbe>();
        services.AddSingleton<IProbe, HeartbeatFreshnessProbe>();
        services.AddSingleton<IProbe, ContainerProbe>();
        services.AddSingleton<IProbe, HostProbe>();
        services.AddSingleton<IProbe, OriginalsProbe>();

        AddTarget(ResourceNames.Syncthing, CheckNames.Syncthing, CheckNames.Kinds.Syncthing,
            (provider, url) => ActivatorUtilities.CreateInstance<SyncthingProbe>(provider, url));
        AddHttp(ResourceNames.ImmichServer, CheckNames.ImmichServer, "api/server/ping");
        AddHttp(ResourceNames.ImmichMachineLearning, CheckNames.ImmichMachineLearning, "ping");
        AddHttp(ResourceNames.Homepage, CheckNames.Homepage, "api/healthcheck");
        AddHttp(ResourceNames.Librarian, CheckNames.Health(ResourceNames.Librarian), HealthEndpoints.Health.TrimStart('/'));
        AddHttp(ResourceNames.Dashboard, CheckNames.Health(ResourceNames.Dashboard), HealthEndpoints.Health.TrimStart('/'));
        AddImmichLibrary(services, MonitorTargets.Find(configuration, ResourceNames.ImmichServer));
        AddTarget(ResourceNames.ImmichDatabase, CheckNames.ImmichDatabase, CheckNames.Kinds.Postgres,
            (provider, address) => ActivatorUtilities.CreateInstance<TcpPostgresProbe>(provider, address));
        AddTarget(ResourceNames.ImmichCache, CheckNames.ImmichCache, CheckNames.Kinds.Redis,
            (provider, address) => ActivatorUtilities.CreateInstance<RedisProbe>(provider, address));

        void AddHttp(string resource, string name, string path) =>
            AddTarget(resource, name, CheckNames.Kinds.Http,
                (provider, url) => ActivatorUtilities.CreateInstance<HttpProbe>(provider, name, new Uri(url, path)));

        void AddTarget(string resource, string name, string kind, Func<IServiceProvider, Uri, IProbe> create)
        {
            var address = MonitorTargets.Find(configuration, resource);
            services.AddSingleton(provider => address is null ? new NotDeployedProbe(name, kind) : create(provider, address));
        }
    }

    /// <summary>Immich's library over the originals, kept and told about new photos, where Immich is deployed.</summary>
    private static void AddImmichLibrary(IServiceCollection services, Uri? server)
    {
        if (server is null)
        {
            services.AddSingleton<IProbe>(new NotDeployedProbe(CheckNames.ImmichLibrary, CheckNames.Kinds.ImmichLibrary));
            return;
        }

        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ImmichApi>(provider, server));
        services.AddSingleton<ImmichLibrarySync>();
        services.AddHostedService(provider => provider.GetRequiredService<ImmichLibrarySync>());
        services.AddSingleton<IProbe, ImmichLibraryProbe>();
    }

    private static OptionsBuilder<TOptions> AddProbeOptions<TOptions>(IServiceCollection services, string sectionName)
        where TOptions : ProbeOptions =>
        services.AddOptions<TOptions>().BindConfiguration(sectionName)
            .Validate(o => o.Interval > TimeSpan.Zero && o.Timeout > TimeSpan.Zero, $"{sectionName}: Interval and Timeout must be positive.")
            .Validate(o => o.Timeout <= o.Interval, $"{sectionName}: Timeout must not be longer than Interval.")
            .ValidateOnStart();

    /// <summary>The Monitor's own heartbeat: how many checks it watches, which are failing, and how many results wait.</summary>
    private static HeartbeatReport Summary(StatusBoard board)
    {
        var latest = board.Latest.Values.ToList();
        var failing = latest.Where(r => r.Status == ServiceState.Error).Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
        return new HeartbeatReport(ServiceState.Ok)
        {
            CurrentTask = $"watching {latest.Count} checks",
            Message = failing.Count == 0 ? null : $"in ERROR: {string.Join(", ", failing)}",
            QueueLength = board.PendingCount,
        };
    }
}
