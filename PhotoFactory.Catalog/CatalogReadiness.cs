namespace PhotoFactory.Catalog;

/// <summary>Whether the catalogue schema is known to be current, and if not, why; read by the health check.</summary>
public sealed class CatalogReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string _state = "catalogue not yet checked";
    private volatile bool _unreachable;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Whether the last attempt failed to use the catalogue at all, rather than found it reachable and behind.</summary>
    public bool IsUnreachable => _unreachable;

    public string State => _state;

    /// <summary>Completes once the schema is current; services wait on it before touching the catalogue.</summary>
    public Task WhenReady(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public void Report(string state, bool unreachable = false)
    {
        _state = state;
        _unreachable = unreachable;
    }

    public void MarkReady(string state)
    {
        _state = state;
        _unreachable = false;
        _ready.TrySetResult();
    }
}
