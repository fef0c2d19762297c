namespace PhotoFactory.Catalog;

/// <summary>Whether the catalogue schema is known to be current, and if not, why; read by the health check.</summary>
public sealed class CatalogReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string _state = "catalogue not yet checked";

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public string State => _state;

    /// <summary>Completes once the schema is current; services wait on it before touching the catalogue.</summary>
    public Task WhenReady(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public void Report(string state) => _state = state;

    public void MarkReady(string state)
    {
        _state = state;
        _ready.TrySetResult();
    }
}
