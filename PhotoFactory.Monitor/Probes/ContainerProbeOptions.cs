namespace PhotoFactory.Monitor.Probes;

/// <summary><c>Monitor:Containers</c>: the Docker Engine to ask, and the containers the system should have.</summary>
public sealed class ContainerProbeOptions : ProbeOptions
{
    public const string SectionName = HostContract.MonitorContainers;

    /// <summary>The Docker Engine API endpoint; a <c>unix://</c> socket that does not exist means "not available".</summary>
    public Uri Endpoint { get; set; } = new("unix:///var/run/docker.sock");

    /// <summary>The services expected to run as containers (the AppHost lists the ones it declares).</summary>
    public List<string> Names { get; set; } = [];
}
