namespace PhotoFactory.Catalog.Health;

/// <summary>How a service is doing, as the original's status column spelled it.</summary>
public enum ServiceState
{
    Unknown,
    Ok,
    Warning,
    Error,
}
