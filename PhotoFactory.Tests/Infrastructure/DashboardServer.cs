using System.Security.Cryptography;
using PhotoFactory.Catalog;
using PhotoFactory.Dashboard.Access;
using PhotoFactory.Tests.Catalog;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// The real Dashboard, its built assembly run as a process on a free loopback port, reading the given catalogue,
/// with a fresh password (its hash is what the Dashboard is given) and API key each time.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    /// <summary>The host names the Dashboard is told to accept: the ones its loopback address is reached by.</summary>
    public const string AllowedHosts = "127.0.0.1;localhost";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly ProcessRun _process;

    private DashboardServer(ProcessRun process, Uri address, string password, string apiKey)
    {
        _process = process;
        Address = address;
        Password = password;
        ApiKey = apiKey;
    }

    public Uri Address { get; }

    /// <summary>The password that signs in; the Dashboard only knows its hash.</summary>
    public string Password { get; }

    /// <summary>The key <c>/api/summary</c> wants in <see cref="ApiKeyAuthentication.HeaderName"/>.</summary>
    public string ApiKey { get; }

    public string Output => $"stdout:\n{_process.StandardOutput}\nstderr:\n{_process.StandardError}";

    /// <summary>Starts the Dashboard on <paramref name="catalog"/> and waits until it answers (healthy unless told otherwise).</summary>
    public static async Task<DashboardServer> StartAsync(TestCatalog catalog, bool waitUntilHealthy = true, params (string Key, string Value)[] settings)
    {
        var port = FreePort.Next();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var apiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = address.ToString(),
            // Development serves Radzen's static files from the package cache, as `dotnet run` does.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Dashboard__RefreshInterval"] = "00:00:01",
            ["Dashboard__AggregateRefreshInterval"] = "00:00:01",
            // No Docker Engine here; say so rather than depend on what the machine happens to have.
            ["Dashboard__DockerEndpoint"] = "unix:///nonexistent/docker.sock",
            [$"{CatalogOptions.SectionName}__{nameof(CatalogOptions.DataDirectory)}"] = catalog.DataDirectory,
            [Key(nameof(AccessOptions.PasswordHash))] = PasswordHash.Create(password),
            [Key(nameof(AccessOptions.ApiKey))] = apiKey,
            ["AllowedHosts"] = AllowedHosts,
        };
        if (catalog.PostgresConnectionString is { } postgres)
        {
            environment[$"ConnectionStrings__{CatalogOptions.ConnectionStringName}"] = postgres;
        }

        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        // Started in its own output folder, so that its appsettings.json is the one it reads.
        var assembly = ServiceBinaries.PathOf("PhotoFactory.Dashboard");
        var process = ProcessRun.Start("dotnet", [assembly], environment, Path.GetDirectoryName(assembly));
        var server = new DashboardServer(process, address, password, apiKey);
        try
        {
            await server.WaitUntilAnsweringAsync(waitUntilHealthy ? "health" : "alive");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The environment variable for one of the Dashboard's <see cref="AccessOptions"/>.</summary>
    public static string Key(string accessOption) => $"{AccessOptions.SectionName.Replace(":", "__", StringComparison.Ordinal)}__{accessOption}";

    /// <summary>A client that signs in to nothing and follows redirects, as a script would.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A client that sends the API key, as Homepage's widget does.</summary>
    public HttpClient CreateApiClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthentication.HeaderName, ApiKey);
        return client;
    }

    private async Task WaitUntilAnsweringAsync(string path)
    {
        using var client = CreateClient();
        client.Timeout = TimeSpan.FromSeconds(5);
        // A bound for a Dashboard that never comes up, not a measure: a loaded machine has taken over a minute.
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Dashboard exited during start.\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The Dashboard did not answer /{path} within {StartTimeout.TotalMinutes:0} min.\n{Output}");
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
