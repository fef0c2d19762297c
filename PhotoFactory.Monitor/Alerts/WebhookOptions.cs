namespace PhotoFactory.Monitor.Alerts;

/// <summary><c>Monitor:Webhook</c>: an optional URL called when a check turns ERROR and when it is OK again.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Monitor:Webhook";

    /// <summary>Where to POST, e.g. an ntfy topic <c>https://ntfy.sh/my-photo-factory</c>; none means no calls.</summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// Text (one line, with ntfy's Title, Priority and Tags headers) or Json:
    /// <c>{"service":"immich-server","status":"ERROR","previous":"OK","message":"…","at":"…Z"}</c>.
    /// </summary>
    public WebhookFormat Format { get; set; } = WebhookFormat.Text;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

public enum WebhookFormat
{
    Text,
    Json,
}
