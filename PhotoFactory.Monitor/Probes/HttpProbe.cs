using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// One HTTP endpoint: <c>immich-server</c> (<c>/api/server/ping</c>), <c>immich-machine-learning</c> (<c>/ping</c>),
/// <c>homepage</c> (<c>/api/healthcheck</c>) and the services' <c>{service}/health</c>. Any 2xx is OK.
/// Details: <c>{"url":"…","statusCode":200}</c>.
/// </summary>
internal sealed class HttpProbe(string name, Uri url, ProbeHttp http, IOptions<HttpProbeOptions> options) : IProbe
{
    public IReadOnlyList<string> Names { get; } = [name];

    public string Kind => CheckNames.Kinds.Http;

    public ProbeOptions Timing => options.Value;

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var details = new JsonObject { ["url"] = url.ToString() };
        try
        {
            using var response = await http.Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var latency = watch.Elapsed;
            details["statusCode"] = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var snippet = await ProbeHttp.SnippetAsync(response, cancellationToken);
                return [Result(ServiceState.Error, $"HTTP {(int)response.StatusCode} from {url}{(snippet.Length > 0 ? ": " + snippet : "")}", latency)];
            }

            return latency > options.Value.SlowAfter
                ? [Result(ServiceState.Warning, $"slow: {latency.TotalMilliseconds:0} ms from {url}", latency)]
                : [Result(ServiceState.Ok, $"answered in {latency.TotalMilliseconds:0} ms", latency)];
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return [Result(ServiceState.Error, Unreachable.Describe(url.Host, ex, $"no answer from {url}"), watch.Elapsed)];
        }

        CheckResult Result(ServiceState status, string message, TimeSpan latency) =>
            new(name, Kind, status, message) { Latency = latency, Details = details };
    }
}
