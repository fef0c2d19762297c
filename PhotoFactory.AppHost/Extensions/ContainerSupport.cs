using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PhotoFactory.AppHost;

/// <summary>Whether this AppHost adds its container services, and why.</summary>
public sealed record ContainerSupport(bool Enabled, string Reason)
{
    /// <summary>Every container service of the system; the line printed when they are left out names them all.</summary>
    public static IReadOnlyList<string> Services => ResourceNames.Containers;

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Decides from <c>PhotoFactory:Containers</c>. Publishing always includes the containers, so the manifest
    /// describes the whole system wherever it is generated; a run with <c>auto</c> asks the container runtime.
    /// </summary>
    public static ContainerSupport Decide(IDistributedApplicationBuilder builder, ContainerMode mode)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return new(true, "publishing describes every service");
        }

        return mode switch
        {
            ContainerMode.On => new(true, $"{PhotoFactoryHostOptions.SectionName}:Containers=on"),
            ContainerMode.Off => new(false, $"{PhotoFactoryHostOptions.SectionName}:Containers=off"),
            _ => Probe(RuntimeName(builder.Configuration)),
        };
    }

    /// <summary>The runtime DCP will use: the same settings Aspire reads, Docker by default.</summary>
    private static string RuntimeName(IConfiguration configuration) =>
        configuration["DcpPublisher:ContainerRuntime"] is { Length: > 0 } dcp ? dcp
        : configuration["ASPIRE_CONTAINER_RUNTIME"] is { Length: > 0 } aspire ? aspire
        : configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] is { Length: > 0 } legacy ? legacy
        : "docker";

    private static ContainerSupport Probe(string runtime)
    {
        var start = new ProcessStartInfo(runtime, "info")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        try
        {
            using var process = Process.Start(start)!;
            // Drained so a chatty 'info' never blocks on a full pipe.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return new(false, $"'{runtime} info' did not answer within {ProbeTimeout.TotalSeconds:0} s");
            }

            return process.ExitCode == 0
                ? new(true, $"'{runtime} info' answered")
                : new(false, $"no container runtime answered '{runtime} info'");
        }
        catch (Win32Exception)
        {
            return new(false, $"'{runtime}' is not installed");
        }
    }

    /// <summary>When the containers are left out, says so once at start, naming them and why.</summary>
    public void ReportAtStart(IDistributedApplicationBuilder builder)
    {
        if (Enabled)
        {
            return;
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PhotoFactory.AppHost");
            Log.ContainersOff(logger, Reason, string.Join(", ", Services));
            return Task.CompletedTask;
        });
    }
}
