using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PhotoFactory.Tests.Infrastructure.Immich;

/// <summary>
/// Immich's server, as far as the factory uses it, on a loopback port: it answers only what Immich's own API
/// description (<see cref="ImmichApiDescription"/>) names. A request for a path or method the description lacks,
/// without the API key header, with a query parameter or body field the operation does not take, or without a
/// required field is answered 400 and kept in <see cref="Violations"/>; answers are the description's types, every
/// required field filled. Behind it: one admin, libraries, and assets made by a scan from the files under the
/// originals (as Immich sees them at the library's import path).
/// </summary>
public sealed class FakeImmich : IAsyncDisposable
{
    private readonly ImmichApiDescription _api;
    private readonly string _apiKey;
    private readonly string _originals;
    private readonly LoopbackHttpServer _server;
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _libraries = [];
    private readonly Dictionary<string, Guid> _assets = new(StringComparer.Ordinal);
    private readonly List<(Guid Library, DateTimeOffset At)> _scans = [];

    /// <summary>
    /// The operations Immich answers without a key (its server controller marks them public; the SDK does not say):
    /// the Monitor's health probe pings without one.
    /// </summary>
    private static readonly HashSet<string> Public = new(StringComparer.Ordinal) { "pingServer", "getServerVersion", "getServerFeatures", "getServerConfig" };

    private FakeImmich(ImmichApiDescription api, string apiKey, string originals, LoopbackHttpServer server)
    {
        _api = api;
        _apiKey = apiKey;
        _originals = originals;
        _server = server;
    }

    public Uri Url => _server.Url;

    /// <summary>The admin the API key belongs to.</summary>
    public Guid AdminId { get; } = Guid.NewGuid();

    /// <summary>What the factory asked that Immich's description does not allow.</summary>
    public IReadOnlyList<string> Violations => [.. _violations];

    /// <summary>Every request, as "METHOD /path".</summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>When set, every request is answered with this status (Immich failing), after it has been checked.</summary>
    public HttpStatusCode? FailWith { get; set; }

    /// <summary>Whether a scan imports at once; when false, a scan is only recorded (Immich's job still queued).</summary>
    public bool ImportOnScan { get; set; } = true;

    public IReadOnlyList<(Guid Library, DateTimeOffset At)> Scans
    {
        get
        {
            lock (_gate)
            {
                return [.. _scans];
            }
        }
    }

    public IReadOnlyList<JsonObject> Libraries
    {
        get
        {
            lock (_gate)
            {
                return [.. _libraries.Select(l => (JsonObject)l.DeepClone())];
            }
        }
    }

    /// <summary>Immich's asset id for a file, by its path inside Immich's container, once a scan found it.</summary>
    public Guid? AssetAt(string originalPath)
    {
        lock (_gate)
        {
            return _assets.TryGetValue(originalPath, out var id) ? id : null;
        }
    }

    public static async Task<FakeImmich> StartAsync(string apiKey, string originals)
    {
        var api = await ImmichApiDescription.LoadAsync();
        FakeImmich? fake = null;
        var server = await LoopbackHttpServer.StartAsync(app => app.Run(context => fake!.AnswerAsync(context)));
        fake = new FakeImmich(api, apiKey, originals, server);
        return fake;
    }

    /// <summary>A library another user made by hand, which the factory must leave alone.</summary>
    public JsonObject AddLibrary(Guid ownerId, string name, params string[] importPaths)
    {
        var library = Fill(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["name"] = name,
            ["ownerId"] = ownerId.ToString(),
            ["importPaths"] = new JsonArray([.. importPaths.Select(p => JsonValue.Create(p))]),
            ["exclusionPatterns"] = new JsonArray(),
            ["assetCount"] = 0,
        }, "LibraryResponseDto");
        lock (_gate)
        {
            _libraries.Add(library);
        }

        return (JsonObject)library.DeepClone();
    }

    /// <summary>Imports the files under the originals into <paramref name="library"/>, as Immich's scan job does.</summary>
    public void Import(Guid library)
    {
        lock (_gate)
        {
            var importPath = _libraries.Single(l => l["id"]!.GetValue<string>() == library.ToString())["importPaths"]![0]!.GetValue<string>();
            foreach (var file in Directory.EnumerateFiles(_originals, "*", SearchOption.AllDirectories))
            {
                var inside = $"{importPath}/{Path.GetRelativePath(_originals, file).Replace('\\', '/')}";
                _assets.TryAdd(inside, Guid.NewGuid());
            }
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        var call = $"{request.Method} {request.Path}";
        _calls.Enqueue(call);
        var operation = _api.Find(request.Method, request.Path.Value ?? "");
        if (operation is null)
        {
            await RefuseAsync(context, $"{call}: no such operation in {_api.Title}");
            return;
        }

        if (request.Headers[_api.ApiKeyHeader] != _apiKey && !Public.Contains(operation.Name))
        {
            _violations.Enqueue($"{call}: without the API key in '{_api.ApiKeyHeader}'");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        foreach (var parameter in request.Query.Keys.Where(k => !operation.Query.Contains(k)))
        {
            await RefuseAsync(context, $"{call}: query parameter '{parameter}' is not one of {operation.Name}'s");
            return;
        }

        JsonObject? body = null;
        if (operation.BodyType is { } bodyType)
        {
            if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true
                || await JsonNode.ParseAsync(request.Body) is not JsonObject parsed)
            {
                await RefuseAsync(context, $"{call}: {operation.Name} takes a JSON {bodyType}");
                return;
            }

            var problems = Check(parsed, bodyType).ToList();
            if (problems.Count > 0)
            {
                await RefuseAsync(context, $"{call}: {string.Join("; ", problems)}");
                return;
            }

            body = parsed;
        }
        else if (request.ContentLength > 0)
        {
            await RefuseAsync(context, $"{call}: {operation.Name} takes no body");
            return;
        }

        if (FailWith is { } failure)
        {
            context.Response.StatusCode = (int)failure;
            await context.Response.WriteAsJsonAsync(new JsonObject { ["message"] = "Immich is failing (as the test asked)", ["statusCode"] = (int)failure });
            return;
        }

        var (status, answer) = Operate(operation, request.Path.Value!, body);
        context.Response.StatusCode = (int)status;
        if (answer is not null)
        {
            var type = operation.ResponseType!;
            foreach (var item in answer is JsonArray list ? [.. list] : new JsonNode?[] { answer })
            {
                Fill((JsonObject)item!, type);
            }

            await context.Response.WriteAsJsonAsync(answer);
        }
    }

    private (HttpStatusCode, JsonNode?) Operate(ImmichApiDescription.Operation operation, string path, JsonObject? body)
    {
        var segments = path.Split('/');
        lock (_gate)
        {
            switch (operation.Name)
            {
                case "pingServer":
                    return (HttpStatusCode.OK, new JsonObject { ["res"] = "pong" });
                case "getMyUser":
                    return (HttpStatusCode.OK, new JsonObject { ["id"] = AdminId.ToString(), ["isAdmin"] = true, ["name"] = "Admin", ["email"] = "admin@example.org" });
                case "getAllLibraries":
                    return (HttpStatusCode.OK, new JsonArray([.. _libraries.Select(l => l.DeepClone())]));
                case "createLibrary":
                    var library = new JsonObject
                    {
                        ["id"] = Guid.NewGuid().ToString(),
                        ["name"] = body!["name"]?.GetValue<string>() ?? "New External Library",
                        ["ownerId"] = body["ownerId"]!.GetValue<string>(),
                        ["importPaths"] = body["importPaths"]?.DeepClone() ?? new JsonArray(),
                        ["exclusionPatterns"] = body["exclusionPatterns"]?.DeepClone() ?? new JsonArray(),
                        ["assetCount"] = 0,
                    };
                    _libraries.Add(library);
                    return (HttpStatusCode.Created, library.DeepClone());
                case "scanLibrary":
                    var id = Guid.Parse(segments[3]);
                    if (_libraries.All(l => l["id"]!.GetValue<string>() != id.ToString()))
                    {
                        return (HttpStatusCode.NotFound, null);
                    }

                    _scans.Add((id, DateTimeOffset.UtcNow));
                    if (ImportOnScan)
                    {
                        Import(id);
                    }

                    return (HttpStatusCode.NoContent, null);
                case "searchAssets":
                    var wanted = body!["filter"]?["originalPath"]?["in"]?.AsArray().Select(p => p!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                    var items = new JsonArray([.. _assets
                        .Where(a => wanted is null || wanted.Contains(a.Key))
                        .Take(body["size"]?.GetValue<int>() ?? 250)
                        .Select(a => (JsonNode)Fill(new JsonObject { ["id"] = a.Value.ToString(), ["originalPath"] = a.Key }, "AssetResponseDto"))]);
                    return (HttpStatusCode.OK, new JsonObject
                    {
                        ["assets"] = Fill(new JsonObject { ["items"] = items, ["count"] = items.Count, ["total"] = items.Count }, "SearchAssetResponseDto"),
                        ["albums"] = Fill(new JsonObject(), "SearchAlbumResponseDto"),
                    });
                default:
                    _violations.Enqueue($"{operation.Method} {path}: {operation.Name} is in the description, but the factory was not expected to call it");
                    return (HttpStatusCode.NotImplemented, null);
            }
        }
    }

    private async Task RefuseAsync(HttpContext context, string violation)
    {
        _violations.Enqueue(violation);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsJsonAsync(new JsonObject { ["message"] = violation, ["statusCode"] = 400 });
    }

    /// <summary>What is wrong with <paramref name="value"/> as a <paramref name="type"/>: unknown fields, missing required ones.</summary>
    private IEnumerable<string> Check(JsonObject value, string type)
    {
        var fields = _api.Fields(type) ?? throw new InvalidOperationException($"{type} is not an object type in {_api.Title}");
        foreach (var (name, field) in value)
        {
            if (!fields.TryGetValue(name, out var declared))
            {
                yield return $"{type} has no field '{name}'";
            }
            else if (field is JsonObject inner && _api.Fields(declared.Type.Replace(" | null", "", StringComparison.Ordinal).Trim('(', ')')) is not null)
            {
                foreach (var problem in Check(inner, declared.Type.Replace(" | null", "", StringComparison.Ordinal).Trim('(', ')')))
                {
                    yield return $"{name}: {problem}";
                }
            }
        }

        foreach (var field in fields.Values.Where(f => f.Required && !value.ContainsKey(f.Name)))
        {
            yield return $"{type} needs '{field.Name}'";
        }
    }

    /// <summary>
    /// <paramref name="value"/> with every required field of <paramref name="type"/> it lacks, as Immich always sends
    /// them (empty or zero where the test does not care); a field the type lacks is a fault of this fake.
    /// </summary>
    private JsonObject Fill(JsonObject value, string type, int depth = 0)
    {
        var fields = _api.Fields(type) ?? throw new InvalidOperationException($"{type} is not an object type in {_api.Title}");
        var unknown = value.Select(p => p.Key).Where(name => !fields.ContainsKey(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"FakeImmich answers {type} with fields {_api.Title} does not have: {string.Join(", ", unknown)}");
        }

        foreach (var field in fields.Values.Where(f => f.Required && !value.ContainsKey(f.Name)))
        {
            value[field.Name] = Default(field.Type, depth + 1);
        }

        return value;
    }

    private JsonNode? Default(string type, int depth) => type switch
    {
        _ when type.Contains("null", StringComparison.Ordinal) => null,
        _ when type.EndsWith("[]", StringComparison.Ordinal) => new JsonArray(),
        "string" => "",
        "number" => 0,
        "boolean" => false,
        _ when type.StartsWith('{') || type.StartsWith("Record<", StringComparison.Ordinal) => new JsonObject(),
        _ when _api.FirstEnumValue(type) is { } first => first,
        _ when _api.Fields(type) is not null => depth > 5 ? new JsonObject() : Fill(new JsonObject(), type, depth),
        _ => "",
    };

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
