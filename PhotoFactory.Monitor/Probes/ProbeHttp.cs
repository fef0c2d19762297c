namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// The probes' HTTP client: a plain one, not from the factory, whose defaults add retries and their own
/// timeouts. A probe must see the first failure as it happens and keep to its own timeout.
/// </summary>
public sealed class ProbeHttp : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    public void Dispose() => Client.Dispose();

    /// <summary>The start of a response body, for a message: enough to say why, never a whole page.</summary>
    public static async Task<string> SnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        body = body.ReplaceLineEndings(" ").Trim();
        return body.Length > 200 ? body[..200] + "…" : body;
    }
}
