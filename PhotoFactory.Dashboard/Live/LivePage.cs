using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog;

namespace PhotoFactory.Dashboard.Live;

/// <summary>
/// A page that reads the catalogue when it opens and again every <see cref="DashboardOptions.RefreshInterval"/>,
/// re-rendering in place. A failed read keeps what was shown and says what is missing instead of throwing.
/// </summary>
public abstract class LivePage : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private PeriodicTimer? _timer;
    private Task? _ticking;

    [Inject]
    private IOptions<DashboardOptions> Options { get; set; } = default!;

    [Inject]
    private CatalogReadiness Readiness { get; set; } = default!;

    [Inject]
    private ILogger<LivePage> Logger { get; set; } = default!;

    /// <summary>Why the last read failed, in words for the page; null when it worked.</summary>
    protected string? Problem { get; private set; }

    /// <summary>True once a read has succeeded, so the page has something to show.</summary>
    protected bool Loaded { get; private set; }

    [Inject]
    protected TimeProvider Time { get; set; } = default!;

    /// <summary>False for parts that read something other than the catalogue, e.g. container logs.</summary>
    protected virtual bool NeedsCatalogue => true;

    /// <summary>Reads what the page shows; runs on the renderer's context.</summary>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    protected override Task OnInitializedAsync() => RefreshAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        // Only an interactive render gets here: a prerendered page has no circuit to push updates through.
        if (firstRender)
        {
            _timer = new PeriodicTimer(Options.Value.RefreshInterval, Time);
            _ticking = TickAsync(_timer);
        }
    }

    /// <summary>Re-reads now, e.g. after the user changed a filter.</summary>
    protected async Task RefreshAsync()
    {
        if (NeedsCatalogue && !Readiness.IsReady)
        {
            Problem = $"The catalogue is not available: {Readiness.State}.";
            return;
        }

        try
        {
            await LoadAsync(_stop.Token);
            Problem = null;
            Loaded = true;
        }
        catch (Exception ex) when (!_stop.IsCancellationRequested)
        {
            // Any failure of the database, the network or the schema is a reason to say so, not to tear the circuit down.
            Log.CatalogueReadFailed(Logger, GetType().Name, ex.Message);
            Problem = NeedsCatalogue ? $"The catalogue could not be read: {ex.Message}" : ex.Message;
        }
    }

    private async Task TickAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await InvokeAsync(async () =>
                {
                    await RefreshAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between a tick and its render.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _timer?.Dispose();
        if (_ticking is not null)
        {
            await _ticking;
        }

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
