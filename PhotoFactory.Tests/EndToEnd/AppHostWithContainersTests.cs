using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PhotoFactory.Tests.AppHost;
using PhotoFactory.Tests.Deploy;
using PhotoFactory.Tests.Infrastructure;
using TempDirectory = PhotoFactory.Tests.Infrastructure.TempDirectory;

namespace PhotoFactory.Tests.EndToEnd;

/// <summary>
/// The AppHost really started with containers on the test engine (<see cref="DockerEngine"/>, given to Aspire as
/// DOCKER_HOST): factory-db and syncthing run as containers from the local images, Immich and Homepage are left out
/// with the documented settings (their images are not on this machine), and the services use the PostgreSQL catalogue.
/// </summary>
[Collection(nameof(ImageBuilds))]
[Trait("Category", CorpusFolder.Category)]
[Trait("Category", "EndToEnd")]
public sealed class AppHostWithContainersTests(BuiltImages built, EngineImages engine) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly TempDirectory _dataRoot = new("apphost-containers");

    [Fact]
    public async Task With_containers_the_catalogue_and_syncthing_run_as_containers_a_photo_is_filed_into_that_postgresql_and_stopping_leaves_none()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await engine.LoadAsync(built);
        // The AppHost tells its services the dashboard's OTLP address from ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL, as
        // `dotnet run` does (launchSettings.json), and they export over gRPC to it: here a receiver stands where the
        // dashboard would, speaking HTTP/2 without TLS like the dashboard's development endpoint.
        var traces = new ConcurrentQueue<string>();
        await using var otlp = await LoopbackHttpServer.StartAsync(app =>
        {
            foreach (var signal in new[] { "trace.v1.TraceService", "metrics.v1.MetricsService", "logs.v1.LogsService" })
            {
                app.MapPost($"/opentelemetry.proto.collector.{signal}/Export", async (HttpContext context) =>
                {
                    // A gRPC message is a 5-byte prefix and the protobuf, kept byte for byte (Latin-1) to be searched.
                    using var body = new MemoryStream();
                    await context.Request.Body.CopyToAsync(body);
                    if (signal.StartsWith("trace", StringComparison.Ordinal))
                    {
                        traces.Enqueue(Encoding.Latin1.GetString(body.ToArray()));
                    }

                    context.Response.ContentType = "application/grpc";
                    context.Response.AppendTrailer("grpc-status", "0");
                    await context.Response.Body.WriteAsync(new byte[5]); // an empty Export…ServiceResponse, uncompressed
                });
            }
        }, HttpProtocols.Http2);

        var previousHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Environment.SetEnvironmentVariable("DOCKER_HOST", DockerEngine.Endpoint.ToString());
        try
        {
            var builder = await AppHostBuilder.CreateAsync("PhotoFactory:Containers=on", "PhotoFactory:Immich=false", "PhotoFactory:Homepage=false",
                $"PhotoFactory:DataRoot={_dataRoot.Path}", "PhotoFactory:Gpu=false",
                $"ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL={otlp.Url.ToString().TrimEnd('/')}");
            await using var app = await builder.BuildAsync(cancellation);
            var model = app.Services.GetRequiredService<DistributedApplicationModel>();
            Assert.Equal(["docker-proxy", "factory-db", "syncthing"], model.Resources.OfType<ContainerResource>().Select(container => container.Name).Order());

            await app.StartAsync(cancellation).WaitAsync(StartTimeout, cancellation);
            foreach (var service in new[] { "factory-db", "librarian", "monitor", "dashboard" })
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(service, cancellation).WaitAsync(StartTimeout, cancellation);
            }

            // Syncthing's GUI, on the port the engine published for its container, asks for the user and the generated
            // password: the start script locked it before Syncthing listened.
            var syncthingContainer = (await DockerEngine.DockerAsync("ps", "--quiet", "--filter", "ancestor=syncthing/syncthing:1.27")).Trim();
            var published = (await DockerEngine.DockerAsync("port", syncthingContainer, "8384/tcp")).Split('\n')[0].Trim();
            var guiPassword = await model.Resources.OfType<ParameterResource>().Single(parameter => parameter.Name == "syncthing-gui-password").GetValueAsync(cancellation);
            using (var gui = new HttpClient { BaseAddress = new Uri($"http://{published}/"), Timeout = TimeSpan.FromSeconds(10) })
            {
                HttpStatusCode anonymous = 0;
                await Eventually.HoldsAsync(async () =>
                    {
                        try
                        {
                            using var answer = await gui.GetAsync("/", cancellation);
                            anonymous = answer.StatusCode;
                            return true;
                        }
                        catch (HttpRequestException)
                        {
                            return false; // not listening yet
                        }
                    }, "Syncthing's GUI answers", StartTimeout);
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
                using var signedIn = new HttpRequestMessage(HttpMethod.Get, "/");
                signedIn.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"photofactory:{guiPassword}")));
                using var answer = await gui.SendAsync(signedIn, cancellation);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            }

            // Both run as containers of the engine, from the images pinned in the AppHost (here the local stand-ins).
            var running = await DockerEngine.DockerAsync("ps", "--format", "{{.Image}} {{.Names}}");
            Assert.Contains(running.Split('\n'), line => line.StartsWith("postgres:15-alpine ", StringComparison.Ordinal) || line.StartsWith("docker.io/library/postgres:15-alpine ", StringComparison.Ordinal));
            Assert.Contains(running.Split('\n'), line => line.Contains("syncthing/syncthing:1.27 ", StringComparison.Ordinal));
            Assert.Contains(running.Split('\n'), line => line.StartsWith($"{StandInServiceImages.SocketProxy} ", StringComparison.Ordinal));

            // A photo dropped into the inbox is filed and catalogued in that PostgreSQL.
            var inbox = Path.Combine(_dataRoot.Path, "Photos_Inbox");
            File.Copy(CorpusFolder.PathOf("ianare+exif-samples/jpg/Canon_40D.jpg"), Path.Combine(inbox, "Canon_40D.jpg"));
            var filed = Path.Combine(_dataRoot.Path, "Storage", "Originals", "2008", "2008-05-30", "Canon_40D.jpg");
            // The file is in place before its catalogue row is written, and leaves the inbox only after: wait for both.
            var connectionString = await app.GetConnectionStringAsync("photofactory", cancellation);
            await Eventually.HoldsAsync(async () => File.Exists(filed) && await CataloguedAsync(connectionString!) == 1,
                "the photo is filed into the originals and catalogued in the container's PostgreSQL", StartTimeout);

            Assert.False(File.Exists(Path.Combine(_dataRoot.Path, "Stack", "App_Data", "catalog.db")), "no embedded catalogue beside the PostgreSQL one");

            // The services' traces reach the OTLP endpoint the AppHost gave them.
            foreach (var service in new[] { "librarian", "monitor", "dashboard" })
            {
                // The resource attribute service.name = <service>: a KeyValue whose value (field 2) is an AnyValue with the
                // name as its string_value (field 1), each after its length byte.
                var serviceName = new Regex($@"service\.name\x12.\x0a.{service}", RegexOptions.Singleline | RegexOptions.CultureInvariant);
                await Eventually.HoldsAsync(() => traces.Any(serviceName.IsMatch),
                    $"{service} sends traces to the AppHost's OTLP endpoint", StartTimeout);
            }

            await app.StopAsync(cancellation);

            // Stopping the AppHost leaves no container behind, running or not. Its named volumes outlive it by design
            // (the data survives a restart); this run's go, so that the next test's factory-db starts empty.
            var volumes = model.Resources.OfType<ContainerResource>().SelectMany(container => container.Annotations.OfType<ContainerMountAnnotation>())
                .Where(mount => mount.Type == ContainerMountType.Volume && !string.IsNullOrEmpty(mount.Source)).Select(mount => mount.Source!);
            await Eventually.HoldsAsync(async () => (await DockerEngine.DockerAsync("ps", "--all", "--quiet")).Trim().Length == 0,
                "no container is left once the AppHost has stopped", TimeSpan.FromMinutes(1));
            foreach (var volume in volumes)
            {
                await DockerEngine.DockerAsync("volume", "rm", volume);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", previousHost);
        }

    }

    private static async Task<long> CataloguedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM media_assets WHERE final_path LIKE '%Canon_40D.jpg'", connection);
        return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public void Dispose() => _dataRoot.Dispose();
}
