using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace PhotoFactory.Tests.AppHost;

/// <summary>Reads a resource's annotations the way the orchestrator and the manifest writer do.</summary>
internal static class ModelInspection
{
    public static string Image(this ContainerResource container)
    {
        Assert.True(container.TryGetContainerImageName(out var image), $"{container.Name} has no image");
        return image;
    }

    public static EndpointAnnotation Endpoint(this IResource resource, string name) =>
        Assert.Single(resource.Annotations.OfType<EndpointAnnotation>(), endpoint => endpoint.Name == name);

    public static IReadOnlyList<ContainerMountAnnotation> Mounts(this IResource resource) =>
        [.. resource.Annotations.OfType<ContainerMountAnnotation>()];

    public static ContainerMountAnnotation MountAt(this IResource resource, string target) =>
        Assert.Single(resource.Mounts(), mount => mount.Target == target);

    public static IReadOnlyList<string> WaitsFor(this IResource resource) =>
        [.. resource.Annotations.OfType<WaitAnnotation>().Select(wait => wait.Resource.Name)];

    public static IReadOnlyList<string> HealthCheckKeys(this IResource resource) =>
        [.. resource.Annotations.OfType<HealthCheckAnnotation>().Select(check => check.Key)];

    /// <summary>The arguments handed to <c>docker run</c> when the container starts here.</summary>
    public static async Task<IReadOnlyList<string>> RuntimeArgsAsync(this IResource resource)
    {
        var args = new List<object>();
        foreach (var annotation in resource.Annotations.OfType<ContainerRuntimeArgsCallbackAnnotation>())
        {
            await annotation.Callback(new ContainerRuntimeArgsCallbackContext(args, TestContext.Current.CancellationToken));
        }

        return [.. args.Select(arg => Assert.IsType<string>(arg))];
    }

    /// <summary>
    /// The environment as the manifest writes it: references stay expressions such as
    /// <c>{immich-db.bindings.tcp.host}</c>, so nothing has to be allocated or started.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> EnvironmentAsync(this IResource resource, IServiceProvider services)
    {
        var publish = new DistributedApplicationExecutionContext(
            new DistributedApplicationExecutionContextOptions(DistributedApplicationOperation.Publish) { Services = services });
        var configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(publish, cancellationToken: TestContext.Current.CancellationToken);
        return configuration.EnvironmentVariables.ToDictionary();
    }

    /// <summary>
    /// A parameter's default as the manifest states it (e.g. the rule a generated secret follows), read without
    /// generating a value, which would also store it in the developer's user secrets.
    /// </summary>
    public static JsonElement DefaultInManifest(this ParameterResource parameter)
    {
        Assert.NotNull(parameter.Default);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            var publish = new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish);
            writer.WriteStartObject();
            parameter.Default.WriteToManifest(new ManifestPublishingContext(publish, "aspire-manifest.json", writer));
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }
}
