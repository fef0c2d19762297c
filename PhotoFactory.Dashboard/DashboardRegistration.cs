using PhotoFactory.Dashboard.Host;
using PhotoFactory.Dashboard.Library;
using PhotoFactory.Dashboard.Live;
using PhotoFactory.Dashboard.Originals;
using PhotoFactory.Dashboard.Overview;
using PhotoFactory.Dashboard.Problems;
using PhotoFactory.Dashboard.Stack;
using PhotoFactory.Dashboard.Thumbnails;
using PhotoFactory.Catalog;
using Radzen;

namespace PhotoFactory.Dashboard;

/// <summary>Registers the Dashboard's components and queries.</summary>
internal static class DashboardRegistration
{
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DashboardOptions>()
            .BindConfiguration(DashboardOptions.SectionName)
            .Validate(options => options.RefreshInterval > TimeSpan.Zero, $"{DashboardOptions.SectionName}:RefreshInterval must be positive.")
            .Validate(options => options.AggregateRefreshInterval >= TimeSpan.Zero, $"{DashboardOptions.SectionName}:AggregateRefreshInterval must not be negative.")
            .ValidateOnStart();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddRadzenComponents();

        builder.Services.AddSingleton(typeof(Cached<>));
        builder.Services.AddSingleton<HostMetrics>();
        builder.Services.AddSingleton<OverviewQuery>();
        builder.Services.AddSingleton<LibraryQuery>();
        builder.Services.AddSingleton<ProblemsQuery>();
        builder.Services.AddSingleton<OriginalsQuery>();
        builder.Services.AddSingleton<ServicesQuery>();
        builder.Services.AddSingleton<ContainerLogs>();
        builder.Services.AddHostedService<AggregateWarmup>();

        builder.Services.AddOptions<ThumbnailOptions>()
            .BindConfiguration(ThumbnailOptions.SectionName)
            .Configure<IConfiguration, IHostEnvironment>((options, configuration, environment) =>
                options.Originals = configuration[HostContract.Originals] is { Length: > 0 } originals
                    ? Path.GetFullPath(originals, environment.ContentRootPath)
                    : null)
            .Validate(options => options.MaxConcurrent >= 1 && options.Timeout > TimeSpan.Zero && options.Quality is >= 1 and <= 100,
                $"{ThumbnailOptions.SectionName}: MaxConcurrent at least 1, Timeout positive, Quality 1-100.")
            .ValidateOnStart();
        var dataDirectory = CatalogRegistration.ResolveDataDirectory(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(new ThumbnailCache(Path.Combine(dataDirectory, "thumbnails")));
        builder.Services.AddSingleton<ThumbnailMaker>();

        // No heartbeat of its own: the Dashboard only reads the catalogue (its database role can write nothing). The
        // Monitor's checks of its /health and its container are its rows.
        return builder;
    }
}
