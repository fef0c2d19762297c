using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PhotoFactory.Catalog.Health;

/// <summary>Registers a service's heartbeat to the catalogue's <c>system_status</c> tables.</summary>
public static class HeartbeatRegistration
{
    /// <summary>
    /// Writes a heartbeat for <paramref name="serviceName"/> once the catalogue is ready and then every
    /// <see cref="HeartbeatOptions.Interval"/> (<c>PhotoFactory:Heartbeat:Interval</c>, default 30 s).
    /// Call after <see cref="CatalogRegistration.AddCatalog"/>.
    /// </summary>
    /// <param name="builder">The service's builder.</param>
    /// <param name="serviceName">The row's key, e.g. <c>ResourceNames.Librarian</c>; at most 64 characters.</param>
    /// <param name="snapshot">
    /// Reads the service's current state for each heartbeat. Called on every tick, so it should read in-memory
    /// state, not do work. Without it the heartbeat says <see cref="HeartbeatReport.Running"/>.
    /// </param>
    public static IHostApplicationBuilder AddServiceHeartbeat(
        this IHostApplicationBuilder builder, string serviceName, Func<IServiceProvider, HeartbeatReport>? snapshot = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serviceName.Length, HeartbeatRecorder.MaxServiceNameLength, nameof(serviceName));
        if (!builder.Services.Any(service => service.ServiceType == typeof(CatalogReadiness)))
        {
            throw new InvalidOperationException("Call AddCatalog before AddServiceHeartbeat: the heartbeat is written to the catalogue.");
        }

        builder.Services.AddOptions<HeartbeatOptions>()
            .BindConfiguration(HeartbeatOptions.SectionName)
            .Validate(options => options.Interval > TimeSpan.Zero, $"{HeartbeatOptions.SectionName}:Interval must be positive.")
            .ValidateOnStart();

        var read = snapshot ?? (static _ => HeartbeatReport.Running);
        // Added as a plain singleton, not AddHostedService, so that a second heartbeat (another name) is not dropped.
        builder.Services.AddSingleton<IHostedService>(services =>
            ActivatorUtilities.CreateInstance<ServiceHeartbeat>(services, serviceName, (Func<HeartbeatReport>)(() => read(services))));
        return builder;
    }
}
