using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor.Probes;

namespace PhotoFactory.Monitor.Alerts;

/// <summary>
/// Calls the configured webhook when a row turns ERROR and again when that row is back to OK, from a queue of
/// its own so that a slow webhook never holds up a check. A row that goes ERROR, WARNING, ERROR alerts once.
/// </summary>
public sealed class WebhookNotifier(ProbeHttp http, IOptions<WebhookOptions> options, ILogger<WebhookNotifier> logger) : BackgroundService
{
    private readonly Channel<StatusAlert> _alerts = Channel.CreateUnbounded<StatusAlert>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Called by the board on every status change; decides whether it is worth a call.</summary>
    public void OnStatusChanged(ServiceState? previous, CheckResult current)
    {
        if (options.Value.Url is null)
        {
            return;
        }

        bool send;
        lock (_lock)
        {
            send = current.Status switch
            {
                ServiceState.Error => _open.Add(current.Name),
                ServiceState.Ok => _open.Remove(current.Name),
                _ => false,
            };
        }

        if (send)
        {
            _alerts.Writer.TryWrite(new StatusAlert(current.Name, current.Status, previous, current.Message, current.CheckedAt));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var alert in _alerts.Reader.ReadAllAsync(stoppingToken))
            {
                await SendAsync(alert, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static string Word(ServiceState state) => state.ToString().ToUpperInvariant();

    private async Task SendAsync(StatusAlert alert, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url);
            if (settings.Format == WebhookFormat.Json)
            {
                // Statuses in the catalogue's words (OK, ERROR), so a consumer reads the same values everywhere.
                request.Content = JsonContent.Create(new
                {
                    service = alert.Service,
                    status = Word(alert.Status),
                    previous = alert.Previous is { } previous ? Word(previous) : null,
                    message = alert.Message,
                    at = alert.At,
                });
            }
            else
            {
                var recovered = alert.Status == ServiceState.Ok;
                request.Content = new StringContent(recovered ? $"{alert.Service} is OK again: {alert.Message}" : $"{alert.Service} is ERROR: {alert.Message}");
                request.Headers.Add("Title", $"Photo Factory: {alert.Service} {(recovered ? "recovered" : "failing")}");
                request.Headers.Add("Priority", recovered ? "default" : "high");
                request.Headers.Add("Tags", recovered ? "white_check_mark" : "rotating_light");
            }

            using var response = await http.Client.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                Log.WebhookSent(logger, alert.Service, alert.Status);
            }
            else
            {
                Log.WebhookFailed(logger, alert.Service, alert.Status, $"HTTP {(int)response.StatusCode}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            Log.WebhookFailed(logger, alert.Service, alert.Status, ex is OperationCanceledException ? $"no answer within {settings.Timeout}" : ex.Message);
        }
    }
}
