using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace PhotoFactory.Tests.Infrastructure.Immich;

/// <summary>
/// Immich's own description of its API, as Immich publishes it with each release: the npm package <c>@immich/sdk</c>,
/// generated (oazapfts) from <c>open-api/immich-openapi-specs.json</c> of the same version. Read from the package as
/// npm serves it (checked against the registry's integrity hash), never from a copy in this repository: every
/// operation's method and path, its query parameters, its body and answer types, each type's fields (and which are
/// required), and the header the API key travels in.
/// </summary>
public sealed partial class ImmichApiDescription
{
    /// <summary>The version of the SDK, and of the server the AppHost pins (<c>ImmichExtensions.Version</c>).</summary>
    public const string Version = "3.2.2";

    /// <summary><c>npm view @immich/sdk@3.2.2 dist.integrity</c>.</summary>
    private const string Integrity = "sha512-r+WYDqXwxW0rD2mPVa2HO4KBhSF5KKB9iSC72sttBxXzEvClAEVwllijDwO8o7p/xxQiFqBD1eK0apCkxa94Ug==";

    private static readonly SemaphoreSlim Loading = new(1, 1);
    private static ImmichApiDescription? _loaded;

    private readonly Dictionary<string, IReadOnlyDictionary<string, Field>> _types;
    private readonly Dictionary<string, string> _enums;

    private ImmichApiDescription(string title, string apiKeyHeader, IReadOnlyList<Operation> operations,
        Dictionary<string, IReadOnlyDictionary<string, Field>> types, Dictionary<string, string> enums)
    {
        Title = title;
        ApiKeyHeader = apiKeyHeader;
        Operations = operations;
        _types = types;
        _enums = enums;
    }

    /// <summary>The description's own title line, e.g. "Immich 3.2.2".</summary>
    public string Title { get; }

    /// <summary>The header the SDK sends the API key in.</summary>
    public string ApiKeyHeader { get; }

    public IReadOnlyList<Operation> Operations { get; }

    /// <summary>The fields of an object type, by name; null for a type that is not an object (an enum, a union).</summary>
    public IReadOnlyDictionary<string, Field>? Fields(string type) => _types.GetValueOrDefault(type);

    /// <summary>The first value of an enum type, or null when <paramref name="type"/> is not an enum.</summary>
    public string? FirstEnumValue(string type) => _enums.GetValueOrDefault(type);

    /// <summary>The operation a request is for (paths under <c>/api</c>, the SDK's base), or null when there is none.</summary>
    public Operation? Find(string method, string path) =>
        path.StartsWith("/api/", StringComparison.Ordinal)
            ? Operations.FirstOrDefault(o => o.Method == method && o.Matches(path["/api".Length..]))
            : null;

    /// <summary>Fetches the package with npm once per test run (into <c>artifacts/</c>, beside the build output) and reads it.</summary>
    public static async Task<ImmichApiDescription> LoadAsync()
    {
        await Loading.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            return _loaded ??= Read(await PackageAsync());
        }
        finally
        {
            Loading.Release();
        }
    }

    private static async Task<string> PackageAsync()
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "immich-sdk", Version);
        var build = Path.Combine(folder, "package", "build");
        if (File.Exists(Path.Combine(build, "fetch-client.d.ts")))
        {
            return build;
        }

        Directory.CreateDirectory(folder);
        var npm = RequiredBinary.Find("npm", "npm");
        await using (var pack = ProcessRun.Start(npm, ["pack", $"@immich/sdk@{Version}", "--pack-destination", folder]))
        {
            Assert.True(await pack.WaitAsync(TimeSpan.FromMinutes(3)) == 0,
                $"npm could not fetch @immich/sdk@{Version}, Immich's API description, which the contract tests check against: {pack.StandardOutput}{pack.StandardError}");
        }

        var tarball = Path.Combine(folder, $"immich-sdk-{Version}.tgz");
        var integrity = "sha512-" + Convert.ToBase64String(SHA512.HashData(await File.ReadAllBytesAsync(tarball)));
        Assert.True(integrity == Integrity, $"@immich/sdk@{Version} from npm is not the published package ({integrity})");
        await using (var untar = ProcessRun.Start(RequiredBinary.Find("tar", "tar"), ["-xzf", tarball, "-C", folder]))
        {
            Assert.Equal(0, await untar.WaitAsync(TimeSpan.FromMinutes(1)));
        }

        return build;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PhotoFactory.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No PhotoFactory.sln above {AppContext.BaseDirectory}.");
    }

    private static ImmichApiDescription Read(string build)
    {
        var client = File.ReadAllText(Path.Combine(build, "fetch-client.js"));
        var declarations = File.ReadAllText(Path.Combine(build, "fetch-client.d.ts"));
        var index = File.ReadAllText(Path.Combine(build, "index.js"));

        var title = TitleLine().Match(client) is { Success: true } t ? $"{t.Groups[1].Value} {t.Groups[2].Value}" : "";
        var apiKeyHeader = ApiKeyHeaderPattern().Match(index).Groups[1].Value;

        var signatures = SignaturePattern().Matches(declarations)
            .ToDictionary(m => m.Groups["name"].Value, m => (Parameters: m.Groups["parameters"].Value, Returns: m.Groups["returns"].Value), StringComparer.Ordinal);
        var operations = new List<Operation>();
        foreach (Match function in FunctionPattern().Matches(client))
        {
            var name = function.Groups["name"].Value;
            var body = function.Groups["body"].Value;
            var path = PathPattern().Match(body);
            if (!path.Success || !signatures.TryGetValue(name, out var signature))
            {
                continue;
            }

            var template = path.Groups["path"].Value;
            var query = QueryPattern().Match(template) is { Success: true } q
                ? q.Groups[1].Value.Split(',').Select(p => p.Split(':')[0].Trim().Trim('"')).Where(p => p.Length > 0).ToList()
                : [];
            template = QueryPattern().Replace(template, "");
            template = PathParameterPattern().Replace(template, "{$1}");
            var method = MethodPattern().Match(body) is { Success: true } m ? m.Groups[1].Value : "GET";
            var bodyParameter = BodyPattern().Match(body) is { Success: true } b ? b.Groups[1].Value : null;
            var bodyType = bodyParameter is null ? null
                : Regex.Match(signature.Parameters, $@"\b{Regex.Escape(bodyParameter)}\??: (\w+);").Groups[1].Value;
            operations.Add(new Operation(name, method, template, query, bodyType, signature.Returns.Trim()));
        }

        var types = new Dictionary<string, IReadOnlyDictionary<string, Field>>(StringComparer.Ordinal);
        foreach (Match type in TypePattern().Matches(declarations))
        {
            var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
            foreach (Match field in FieldPattern().Matches(type.Groups["fields"].Value))
            {
                var fieldName = field.Groups["name"].Value.Trim('"');
                fields[fieldName] = new Field(fieldName, field.Groups["optional"].Length == 0, field.Groups["type"].Value.Trim());
            }

            types[type.Groups["name"].Value] = fields;
        }

        var enums = EnumPattern().Matches(declarations).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        return new ImmichApiDescription(title, apiKeyHeader, operations, types, enums);
    }

    /// <summary>One operation of the API, as the SDK calls it.</summary>
    public sealed record Operation(string Name, string Method, string PathTemplate, IReadOnlyList<string> Query, string? BodyType, string Returns)
    {
        public bool Matches(string path)
        {
            var expected = PathTemplate.Split('/');
            var actual = path.Split('/');
            return expected.Length == actual.Length
                && expected.Zip(actual).All(pair => pair.First.StartsWith('{') ? pair.Second.Length > 0 : pair.First == pair.Second);
        }

        /// <summary>The type of the answer's body, or of each element when it is a list; null for none (<c>never</c>).</summary>
        public string? ResponseType => Returns is "never" or "void" ? null : Returns.TrimEnd(']').TrimEnd('[');

        public bool ReturnsList => Returns.EndsWith("[]", StringComparison.Ordinal);
    }

    /// <summary>A field of an object type: its name, whether it must be there, and its TypeScript type.</summary>
    public sealed record Field(string Name, bool Required, string Type);

    [GeneratedRegex(@"^ \* (\w+)\r?\n \* ([0-9.]+)\r?$", RegexOptions.Multiline)]
    private static partial Regex TitleLine();

    [GeneratedRegex(@"defaults\.headers\['([^']+)'\] = apiKey")]
    private static partial Regex ApiKeyHeaderPattern();

    [GeneratedRegex(@"^export function (?<name>\w+)\((?<body>.*?)^}", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FunctionPattern();

    [GeneratedRegex(@"oazapfts\.fetch\w+\((?:""(?<path>[^""]+)""|`(?<path>(?:[^`$]|\$\{(?:[^{}]|\{[^{}]*\})*\})*)`)", RegexOptions.Singleline)]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"\$\{QS\.query\(QS\.\w+\(\{(.*?)\}\)\)\}", RegexOptions.Singleline)]
    private static partial Regex QueryPattern();

    [GeneratedRegex(@"\$\{encodeURIComponent\((\w+)\)\}")]
    private static partial Regex PathParameterPattern();

    [GeneratedRegex(@"method: ""(\w+)""")]
    private static partial Regex MethodPattern();

    [GeneratedRegex(@"body: (\w+)")]
    private static partial Regex BodyPattern();

    [GeneratedRegex(@"^export declare function (?<name>\w+)\((?<parameters>.*?)\): Promise<(?<returns>[^>]+)>;", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SignaturePattern();

    [GeneratedRegex(@"^export type (?<name>\w+) = \{\r?\n(?<fields>.*?)^\};", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"^    (?<name>""?\w+""?)(?<optional>\?)?: (?<type>[^;]+);", RegexOptions.Multiline)]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"^export declare enum (\w+) \{\r?\n\s+\w+ = ""([^""]*)""", RegexOptions.Multiline)]
    private static partial Regex EnumPattern();
}
