using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhotoFactory.Monitor.Probes;

namespace PhotoFactory.Monitor.Immich;

/// <summary>
/// The few calls of Immich's API (v3) the factory makes, each as Immich's own API description (<c>@immich/sdk</c>)
/// has it: the key in <c>x-api-key</c>, JSON bodies with only the fields the description names. Every call is bounded
/// by <see cref="ProbeOptions.Timeout"/>; an answer other than the documented one is an <see cref="ImmichRefusal"/>.
/// </summary>
public sealed class ImmichApi(Uri server, ProbeHttp http, IOptions<ImmichOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Immich's address, as the Monitor reaches it.</summary>
    public Uri Server => server;

    /// <summary><c>GET /api/users/me</c> (<c>user.read</c>): the user the key belongs to.</summary>
    public async Task<Guid> MyUserIdAsync(CancellationToken cancellationToken)
    {
        var me = await SendAsync(HttpMethod.Get, "api/users/me", null, HttpStatusCode.OK, cancellationToken);
        return Id(me!["id"]);
    }

    /// <summary><c>GET /api/libraries</c> (<c>library.read</c>): every library, of every owner.</summary>
    public async Task<IReadOnlyList<ImmichLibrary>> LibrariesAsync(CancellationToken cancellationToken)
    {
        var libraries = await SendAsync(HttpMethod.Get, "api/libraries", null, HttpStatusCode.OK, cancellationToken);
        return libraries is JsonArray array
            ? array.Select(Library).ToList()
            : throw new ImmichRefusal("GET api/libraries", HttpStatusCode.OK, "the answer is not a list of libraries");
    }

    /// <summary><c>POST /api/libraries</c> (<c>library.create</c>): a new external library.</summary>
    public async Task<ImmichLibrary> CreateLibraryAsync(Guid ownerId, string name, string importPath, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["ownerId"] = ownerId, ["name"] = name, ["importPaths"] = new JsonArray(importPath) };
        return Library(await SendAsync(HttpMethod.Post, "api/libraries", body, HttpStatusCode.Created, cancellationToken));
    }

    /// <summary><c>POST /api/libraries/{id}/scan</c> (<c>library.update</c>): queues a scan for new and changed files.</summary>
    public Task ScanAsync(Guid libraryId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/libraries/{libraryId}/scan", null, HttpStatusCode.NoContent, cancellationToken);

    /// <summary>
    /// <c>POST /api/search/metadata</c> (<c>asset.read</c>): the assets Immich made of the files at
    /// <paramref name="originalPaths"/> (paths inside Immich's container), by path, for those it has taken in yet. One
    /// request for the lot, with v3's search filter (<c>filter.originalPath.in</c>).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Guid>> FindAssetsAsync(IReadOnlyList<string> originalPaths, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["filter"] = new JsonObject { ["originalPath"] = new JsonObject { ["in"] = new JsonArray([.. originalPaths.Select(p => JsonValue.Create(p))]) } },
            ["size"] = originalPaths.Count,
            ["withDeleted"] = false,
        };
        var found = await SendAsync(HttpMethod.Post, "api/search/metadata", body, HttpStatusCode.OK, cancellationToken);
        var wanted = originalPaths.ToHashSet(StringComparer.Ordinal);
        var assets = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var item in found?["assets"]?["items"] as JsonArray ?? [])
        {
            // Only the same path is the same file, whatever the filter matched.
            if (item?["originalPath"]?.GetValue<string>() is { } path && wanted.Contains(path))
            {
                assets[path] = Id(item["id"]);
            }
        }

        return assets;
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        var call = $"{method} {path}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        using var request = new HttpRequestMessage(method, new Uri(server, path));
        request.Headers.Add("x-api-key", options.Value.ApiKey);
        request.Headers.Accept.Add(new("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        try
        {
            using var response = await http.Client.SendAsync(request, timeout.Token);
            // Immich's description names no status codes, only success or not (its SDK takes any 2xx).
            if (!response.IsSuccessStatusCode)
            {
                var snippet = await ProbeHttp.SnippetAsync(response, timeout.Token);
                throw new ImmichRefusal(call, response.StatusCode, snippet.Length > 0 ? snippet : response.ReasonPhrase ?? "");
            }

            return expected == HttpStatusCode.NoContent || response.StatusCode == HttpStatusCode.NoContent
                ? null
                : await response.Content.ReadFromJsonAsync<JsonNode>(Json, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImmichRefusal(call, null, $"no answer within {options.Value.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            throw new ImmichRefusal(call, null, Unreachable.Describe(server.Host, ex, $"no answer from {server}"));
        }
        catch (JsonException ex)
        {
            throw new ImmichRefusal(call, expected, $"the answer is not JSON: {ex.Message}");
        }
    }

    private static ImmichLibrary Library(JsonNode? node) =>
        node is JsonObject library
            ? new ImmichLibrary(Id(library["id"]), library["name"]?.GetValue<string>() ?? "",
                Id(library["ownerId"]), library["importPaths"]?.AsArray().Select(p => p?.GetValue<string>() ?? "").ToList() ?? [])
            : throw new ImmichRefusal("library", HttpStatusCode.OK, "the answer is not a library");

    private static Guid Id(JsonNode? node) =>
        Guid.TryParse(node?.GetValue<string>(), out var id) ? id : throw new ImmichRefusal("id", HttpStatusCode.OK, $"'{node}' is not an id");
}

/// <summary>Immich did not answer a call as its API description says: down, refused (a key without a permission), or odd.</summary>
public sealed class ImmichRefusal(string call, HttpStatusCode? status, string reason)
    : Exception(status is { } code ? $"{call}: HTTP {(int)code} {reason}" : $"{call}: {reason}")
{
    /// <summary>The HTTP status Immich answered, or null when it did not answer.</summary>
    public HttpStatusCode? Status { get; } = status;
}
