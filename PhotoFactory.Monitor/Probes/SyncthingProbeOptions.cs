namespace PhotoFactory.Monitor.Probes;

/// <summary><c>Monitor:Syncthing</c>: Syncthing's health and, with the API key, the inbox folder.</summary>
public sealed class SyncthingProbeOptions : ProbeOptions
{
    public const string SectionName = HostContract.MonitorSyncthing;

    /// <summary>Syncthing's GUI/REST API key (the AppHost passes the one it gives Syncthing as STGUIAPIKEY).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The user and password Syncthing's GUI is locked with; the Monitor sets them through the REST API (with the API
    /// key) at its first check and whenever the GUI has lost them. Unset: the GUI is left as the user configured it.
    /// </summary>
    public string? GuiUser { get; set; }

    /// <inheritdoc cref="GuiUser"/>
    public string? GuiPassword { get; set; }

    /// <summary>The id of the folder delivering into the inbox; Syncthing's own default folder is <c>default</c>.</summary>
    public string InboxFolderId { get; set; } = "default";

    /// <summary>
    /// How long a paired device may stay out of touch before its row turns WARNING. Phones sleep and travel; a week
    /// of silence from one that used to sync every day is worth a look.
    /// </summary>
    public TimeSpan DeviceSilence { get; set; } = TimeSpan.FromDays(3);
}
