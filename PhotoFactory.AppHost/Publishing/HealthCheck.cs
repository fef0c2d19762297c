namespace PhotoFactory.AppHost.Publishing;

/// <summary>
/// How a container's health is checked from inside it, in terms both deployments speak: compose writes it as a
/// <c>healthcheck</c>, Kubernetes as probes. A check fails after <see cref="Retries"/> misses in a row, each given
/// <see cref="Timeout"/>; misses during <paramref name="StartPeriod"/> after a start do not count.
/// </summary>
public abstract record HealthCheck(TimeSpan Interval, TimeSpan StartPeriod)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public const int Retries = 5;
}

/// <summary>A program run in the container; healthy when it exits with 0.</summary>
public sealed record CommandCheck(IReadOnlyList<string> Command, TimeSpan Interval, TimeSpan StartPeriod) : HealthCheck(Interval, StartPeriod);

/// <summary>A line for the container's shell, which expands its variables.</summary>
public sealed record ShellCheck(string Script, TimeSpan Interval, TimeSpan StartPeriod) : HealthCheck(Interval, StartPeriod);

/// <summary>
/// An HTTP GET on the container's own port; healthy on a 2xx answer. <paramref name="ImageRunsIt"/>: the image's
/// own HEALTHCHECK asks it, so a compose file only turns that on.
/// </summary>
public sealed record HttpCheck(string Path, int Port, bool ImageRunsIt, TimeSpan Interval, TimeSpan StartPeriod) : HealthCheck(Interval, StartPeriod);

/// <summary>
/// How tightly a container is held: a read-only root file system with tmpfs folders for scratch, capabilities
/// dropped, and no privileges gained through set-user-ID programs.
/// </summary>
public sealed record ContainerHardening(bool ReadOnlyRoot, IReadOnlyList<string> Tmpfs, IReadOnlyList<string> DropCapabilities, bool NoNewPrivileges);
