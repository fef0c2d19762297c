using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Librarian.Cataloguing;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Filing;
using PhotoFactory.Librarian.Metadata;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Librarian.Release;
using PhotoFactory.Librarian.Scrubbing;
using PhotoFactory.Librarian.Watching;

namespace PhotoFactory.Librarian;

/// <summary>Registers the Librarian: the filing engine (shared by the service and the command line) and the inbox service.</summary>
internal static class LibrarianRegistration
{
    /// <summary>
    /// The host argument that has settings read once. Reloading them on change would watch every folder below the
    /// content root (the current folder), which may hold the inbox or the originals: an inotify watch per folder and
    /// an event for every file filed. Both the service and the command line pass it.
    /// </summary>
    public const string ReadSettingsOnce = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>The long-running service: the engine plus the inbox watcher, health check and heartbeat.</summary>
    public static IHostApplicationBuilder AddLibrarian(this IHostApplicationBuilder builder)
    {
        builder.AddFilingEngine();
        builder.Services.AddHostedService<InboxService>();
        builder.Services.AddOptions<ScrubOptions>()
            .BindConfiguration(ScrubOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Interval > TimeSpan.Zero && o.RetryAfter > TimeSpan.Zero && o.TakeOverAfter > TimeSpan.Zero,
                $"{ScrubOptions.SectionName}: Interval, RetryAfter and TakeOverAfter must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ScrubLedger>();
        builder.Services.AddHostedService<OriginalsScrub>();
        builder.Services.AddHealthChecks().AddCheck<LibrarianHealthCheck>("librarian");
        builder.AddServiceHeartbeat(ResourceNames.Librarian, services =>
        {
            var status = services.GetRequiredService<LibrarianStatus>();
            return status.Problem is { } problem
                ? new HeartbeatReport(ServiceState.Error) { CurrentTask = "filing paused", Message = problem, QueueLength = status.Waiting }
                : new HeartbeatReport(ServiceState.Ok) { CurrentTask = status.CurrentTask, QueueLength = status.Waiting };
        });
        return builder;
    }

    /// <summary>Everything needed to file: used as is by <c>ingest</c> and <c>verify</c>.</summary>
    public static IHostApplicationBuilder AddFilingEngine(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LibrarianOptions>()
            .BindConfiguration(LibrarianOptions.PathsSectionName)
            .BindConfiguration(LibrarianOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMediaMetadata();
        services.AddMetrics();
        services.AddSingleton(sp =>
        {
            var paths = sp.GetRequiredService<IOptions<LibrarianOptions>>().Value;
            var root = builder.Environment.ContentRootPath;
            return new StorageLayout(
                Path.GetFullPath(paths.Inbox, root),
                Path.GetFullPath(paths.Originals, root),
                Path.GetFullPath(paths.Quarantine, root));
        });
        services.AddSingleton<LibrarianStatus>();
        services.AddSingleton<LibrarianMetrics>();
        // The stages of "How a file is filed", in order; FilingEngine runs them for one unit, FilingRun for many.
        services.AddSingleton(_ => new ReadingJournal(CatalogRegistration.ResolveDataDirectory(builder.Configuration, builder.Environment.ContentRootPath)));
        services.AddSingleton<UnitReader>();
        services.AddSingleton<Quarantine>();
        services.AddSingleton<DuplicateHandler>();
        services.AddSingleton<Placement>();
        services.AddSingleton<CatalogueWriter>();
        services.AddSingleton<ClaimJournal>();
        services.AddSingleton<IPlacementJournal>(sp => sp.GetRequiredService<ClaimJournal>());
        services.AddSingleton<ClaimRecovery>();
        services.AddSingleton<AssetLedger>();
        services.AddSingleton<InboxCleaner>();
        services.AddSingleton<FilingEngine>();
        services.AddSingleton<FilingRun>();
        services.AddSingleton<OriginalsInspector>();
        return builder;
    }
}
