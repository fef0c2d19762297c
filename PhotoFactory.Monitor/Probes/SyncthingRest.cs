using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PhotoFactory.Monitor.Probes;

/// <summary>Syncthing's REST API with the API key: a GET that answers a body or, in words, why not.</summary>
internal sealed class SyncthingRest(Uri baseUrl, HttpClient client, string apiKey)
{
    public async Task<(JsonNode? Body, string Error)> GetAsync(string relative, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, relative));
        request.Headers.Add("X-API-Key", apiKey);
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var why = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? "the API key was refused"
                : $"HTTP {(int)response.StatusCode} {await ProbeHttp.SnippetAsync(response, cancellationToken)}";
            return (null, why);
        }

        return (await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken), "");
    }

    /// <summary>A folder id as a query value.</summary>
    public static string Folder(string id) => Uri.EscapeDataString(id);
}
