using Microsoft.Extensions.Logging;

namespace PhotoFactory.AppHost.Publishing;

/// <summary>What a container asks of its runtime that a deployment can express: the size of <c>/dev/shm</c>.</summary>
public sealed record RuntimeOptions(string? ShmSize);

/// <summary>A resource's settings from the AppHost's model as both deployment generators read them.</summary>
internal static class ResourceSettings
{
    /// <summary>What a deployment runs: every container and project the manifest does not leave out.</summary>
    public static bool IsService(IResource resource) =>
        resource is ContainerResource or ProjectResource
        && !resource.Annotations.OfType<ManifestPublishingCallbackAnnotation>().Any(callback => callback.Callback is null);

    /// <summary>The environment as manifest expressions (<c>{factory-db.bindings.tcp.host}</c>), in the AppHost's order.</summary>
    public static async Task<IReadOnlyList<KeyValuePair<string, string>>> EnvironmentAsync(
        IResource resource, DistributedApplicationExecutionContext executionContext, ILogger logger, CancellationToken cancellationToken)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(executionContext, logger, cancellationToken);
        return [.. configuration.EnvironmentVariables];
    }

    /// <summary>
    /// The container's arguments: literal text only, with <c>$</c> doubled, which compose and Kubernetes both read as
    /// one <c>$</c>; an argument that refers to another resource stops the generator.
    /// </summary>
    public static async Task<List<string>> LiteralArgumentsAsync(
        ContainerResource container, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var args = new List<object>();
        foreach (var annotation in container.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await annotation.Callback(new CommandLineArgsCallbackContext(args, container, cancellationToken) { ExecutionContext = executionContext });
        }

        return
        [
            .. args.Select(arg => arg is string text
                ? text.Replace("$", "$$", StringComparison.Ordinal)
                : throw new InvalidOperationException($"{container.Name}: the argument {arg} is not text; the generators write only literal arguments")),
        ];
    }

    /// <summary>
    /// The runtime arguments a deployment can express (<c>--shm-size</c>; <c>--gpus</c>, which the GPU annotation
    /// replaces); anything else stops the generator.
    /// </summary>
    public static async Task<RuntimeOptions> RuntimeOptionsAsync(ContainerResource container, CancellationToken cancellationToken)
    {
        var args = new List<object>();
        foreach (var annotation in container.Annotations.OfType<ContainerRuntimeArgsCallbackAnnotation>())
        {
            await annotation.Callback(new ContainerRuntimeArgsCallbackContext(args, cancellationToken));
        }

        string? shmSize = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i] as string ?? throw new InvalidOperationException($"{container.Name}: runtime argument {args[i]} is not text");
            if (arg.StartsWith("--shm-size=", StringComparison.Ordinal))
            {
                shmSize = arg["--shm-size=".Length..];
            }
            else if (arg == "--gpus" && container.Annotations.OfType<GpuRequestAnnotation>().Any())
            {
                i++; // the request written from GpuRequestAnnotation replaces it
            }
            else
            {
                throw new InvalidOperationException($"{container.Name}: the runtime argument '{arg}' has no deployment form in the generators");
            }
        }

        return new RuntimeOptions(shmSize);
    }
}
