using Microsoft.Extensions.Configuration;

namespace PhotoFactory.AppHost;

/// <summary>The AppHost's own settings, from the <c>PhotoFactory</c> configuration section.</summary>
public sealed class PhotoFactoryHostOptions
{
    public const string SectionName = HostContract.Section;

    /// <summary>Whether the container services are part of the model: auto (when a runtime answers), on or off.</summary>
    public ContainerMode Containers { get; set; } = ContainerMode.Auto;

    /// <summary>
    /// Root of every host folder the system uses. Relative paths are taken from the AppHost directory, so the
    /// default is a <c>.data</c> folder at the repository root (ignored by git).
    /// </summary>
    public string DataRoot { get; set; } = "../.data";

    /// <summary>Where Syncthing delivers new files and the Librarian picks them up; default <c>{DataRoot}/Photos_Inbox</c>.</summary>
    public string? Inbox { get; set; }

    /// <summary>The filed, immutable originals, shown read-only by Immich; default <c>{DataRoot}/Storage/Originals</c>.</summary>
    public string? Originals { get; set; }

    /// <summary>Files the Librarian could not file; default <c>{DataRoot}/Storage/Quarantine</c>.</summary>
    public string? Quarantine { get; set; }

    /// <summary>The services' data directory (the embedded catalogue lives here); default <c>{DataRoot}/Stack/App_Data</c>.</summary>
    public string? AppData { get; set; }

    /// <summary>Syncthing's configuration and database; default <c>{DataRoot}/Stack/App_Data/syncthing</c>.</summary>
    public string? SyncthingConfig { get; set; }

    /// <summary>
    /// Whether containers that ask for a GPU get <c>--gpus all</c> when run here. Docker refuses that flag on a
    /// host without the NVIDIA runtime, so such a host turns it off; the request recorded for deployment stays.
    /// </summary>
    public bool Gpu { get; set; } = true;

    /// <summary>
    /// Whether a run with containers includes Immich (server, machine learning, database, cache). A machine that lacks
    /// their images (they cannot be pulled there) turns it off, and the Monitor reports them as not deployed.
    /// Publishing always includes them.
    /// </summary>
    public bool Immich { get; set; } = true;

    /// <summary>Whether a run with containers includes Homepage; as <see cref="Immich"/>.</summary>
    public bool Homepage { get; set; } = true;

    public static PhotoFactoryHostOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<PhotoFactoryHostOptions>() ?? new PhotoFactoryHostOptions();
}

/// <summary>Whether the AppHost adds its container services.</summary>
public enum ContainerMode
{
    Auto,
    On,
    Off,
}
