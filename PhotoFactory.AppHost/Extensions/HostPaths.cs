namespace PhotoFactory.AppHost;

/// <summary>The host folders the system reads and writes, all absolute, laid out under one data root like the original stack.</summary>
public sealed record HostPaths(string DataRoot, string Inbox, string Originals, string Quarantine, string AppData, string SyncthingConfig)
{
    /// <summary>Resolves the configured folders: the root against the AppHost directory, each folder against the root.</summary>
    public static HostPaths Resolve(PhotoFactoryHostOptions options, string appHostDirectory)
    {
        var root = Path.GetFullPath(options.DataRoot, appHostDirectory);
        var appData = Under(options.AppData, "Stack/App_Data");
        return new HostPaths(
            root,
            Inbox: Under(options.Inbox, "Photos_Inbox"),
            Originals: Under(options.Originals, "Storage/Originals"),
            Quarantine: Under(options.Quarantine, "Storage/Quarantine"),
            AppData: appData,
            SyncthingConfig: options.SyncthingConfig is { Length: > 0 } configured
                ? Path.GetFullPath(configured, root)
                : Path.Combine(appData, "syncthing"));

        string Under(string? configured, string layout) =>
            Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? layout : configured, root);
    }

    public IEnumerable<string> All => [Inbox, Originals, Quarantine, AppData, SyncthingConfig];
}
