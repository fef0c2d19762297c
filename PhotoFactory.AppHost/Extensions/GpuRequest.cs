namespace PhotoFactory.AppHost;

/// <summary>
/// A container's request for a GPU, in the terms of a compose file's <c>deploy.resources.reservations.devices</c>.
/// The Aspire manifest has no field for devices, so the compose generator reads this from the model.
/// </summary>
public sealed class GpuRequestAnnotation : IResourceAnnotation
{
    public string Driver { get; init; } = "nvidia";

    public int Count { get; init; } = 1;

    public IReadOnlyList<string> Capabilities { get; init; } = ["gpu"];
}

public static class GpuRequestExtensions
{
    /// <summary>
    /// Asks for one NVIDIA GPU: recorded for deployment, and passed to the container runtime as
    /// <c>--gpus all</c> when run here (unless <c>PhotoFactory:Gpu</c> is false on a host without one).
    /// </summary>
    public static IResourceBuilder<ContainerResource> WithGpu(this IResourceBuilder<ContainerResource> container, PhotoFactoryHostOptions options)
    {
        container.WithAnnotation(new GpuRequestAnnotation());
        return options.Gpu ? container.WithContainerRuntimeArgs("--gpus", "all") : container;
    }
}
