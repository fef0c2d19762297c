using System.Net;
using Npgsql;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Watching;

/// <summary>The long-running Librarian, as the AppHost starts it: watching, settling, surviving outages.</summary>
public sealed class InboxServiceTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task A_photo_dropped_into_the_inbox_is_filed_by_itself_and_a_heartbeat_is_written()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await using var service = StartService(workspace, out var url);
        await WaitHealthyAsync(service, url);

        await MediaFactory.JpegAsync(workspace.InInbox("phone/IMG_1.JPG"), new DateTime(2024, 2, 29, 9, 0, 0));

        await Eventually.HoldsAsync(() => File.Exists(workspace.InOriginals("2024/2024-02-29/IMG_1.JPG")), "the photo is filed", TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(() => !File.Exists(workspace.InInbox("phone/IMG_1.JPG")), "the inbox copy is removed");
        var status = Assert.Single(await workspace.QueryAsync(db => db.ServiceStatuses.Where(s => s.ServiceName == "librarian")));
        Assert.Equal(ServiceState.Ok, status.Status);
    }

    [Fact]
    public async Task A_file_still_being_written_is_not_touched_until_it_settles()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        // Ten times the writer's pause: a loaded machine that stalls the writer for a moment does not make it look done.
        await using var service = StartService(workspace, out var url, settle: TimeSpan.FromSeconds(5));
        await WaitHealthyAsync(service, url);
        await MediaFactory.JpegAsync(workspace.InData("whole.jpg"), new DateTime(2023, 3, 3, 3, 3, 3));
        var bytes = await File.ReadAllBytesAsync(workspace.InData("whole.jpg"), TestContext.Current.CancellationToken);
        var target = workspace.InInbox("slow/IMG_2.JPG");

        // A slow writer: a few bytes every half second for eight seconds, longer than the settle window.
        await using (var stream = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            var chunk = (int)Math.Ceiling(bytes.Length / 16.0);
            for (var offset = 0; offset < bytes.Length; offset += chunk)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)), TestContext.Current.CancellationToken);
                await stream.FlushAsync(TestContext.Current.CancellationToken);
                await Task.Delay(500, TestContext.Current.CancellationToken);
                Assert.True(File.Exists(target), "the Librarian took a file that was still being written");
                Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Originals));
            }
        }

        await Eventually.HoldsAsync(() => File.Exists(workspace.InOriginals("2023/2023-03-03/IMG_2.JPG")), "the file is filed once it settled", TimeSpan.FromSeconds(30));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(workspace.InOriginals("2023/2023-03-03/IMG_2.JPG"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task While_the_catalogue_is_unreachable_nothing_moves_and_the_service_is_unhealthy_then_it_resumes_by_itself()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(CatalogProvider.Postgres);
        var server = new NpgsqlConnectionStringBuilder(workspace.Catalog.PostgresConnectionString);
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, server.Port));
        server.Port = proxy.Port;
        server.Timeout = 3;
        server.CommandTimeout = 5;
        await using var service = StartService(workspace, out var url, connectionString: server.ConnectionString);
        await WaitHealthyAsync(service, url);

        proxy.Cut();
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_3.JPG"), new DateTime(2022, 2, 2, 2, 2, 2));
        await Eventually.HoldsAsync(async () => await StatusAsync(url) == HttpStatusCode.ServiceUnavailable, "the Librarian reports itself unhealthy", TimeSpan.FromSeconds(40));
        Assert.True(File.Exists(workspace.InInbox("IMG_3.JPG")));
        Assert.DoesNotContain(LibrarianWorkspace.FilesUnder(workspace.Originals), f => f.EndsWith("IMG_3.JPG", StringComparison.Ordinal));

        proxy.Restore();
        await Eventually.HoldsAsync(() => File.Exists(workspace.InOriginals("2022/2022-02-02/IMG_3.JPG")) && !File.Exists(workspace.InInbox("IMG_3.JPG")),
            "filing resumes once the catalogue is back", TimeSpan.FromSeconds(90));
        await Eventually.HoldsAsync(async () => await StatusAsync(url) == HttpStatusCode.OK, "the Librarian is healthy again", TimeSpan.FromSeconds(30));
        Assert.Contains("Filing paused", service.StandardOutput);
        Assert.Single(await workspace.QueryAsync(db => db.MediaAssets));
    }

    [Fact]
    public async Task On_a_full_disk_filing_stops_cleanly_and_says_so_then_resumes_by_itself_when_space_returns()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        // The originals on a file system of 1 MB (a tmpfs: the test needs to be allowed to mount, as root in CI is).
        Directory.CreateDirectory(workspace.Originals);
        await ProcessRun.SucceedAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", workspace.Originals);
        try
        {
            await using var service = StartService(workspace, out var url);
            await WaitHealthyAsync(service, url);
            var photo = await MediaFactory.JpegAsync(workspace.InInbox("IMG_4.JPG"), new DateTime(2021, 4, 4, 4, 4, 4));
            await using (var padded = new FileStream(photo, FileMode.Append))
            {
                await padded.WriteAsync(new byte[3 * 1024 * 1024], TestContext.Current.CancellationToken); // 3 MB: it cannot fit
            }

            var bytes = await File.ReadAllBytesAsync(photo, TestContext.Current.CancellationToken);

            await Eventually.HoldsAsync(async () => await StatusAsync(url) == HttpStatusCode.ServiceUnavailable, "the Librarian reports itself unhealthy", TimeSpan.FromSeconds(40));
            await Eventually.HoldsAsync(async () => (await workspace.QueryAsync(db => db.ServiceStatuses.Where(
                    s => s.ServiceName == "librarian" && s.Status == ServiceState.Error))).Count == 1,
                "the heartbeat the Monitor and Dashboard read is an error", TimeSpan.FromSeconds(30));
            var status = Assert.Single(await workspace.QueryAsync(db => db.ServiceStatuses.Where(s => s.ServiceName == "librarian")));
            Assert.StartsWith("the originals' disk is full: ", status.Message, StringComparison.Ordinal);
            Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Originals)); // nothing partial, not even a temporary file
            Assert.Equal(bytes, await File.ReadAllBytesAsync(photo, TestContext.Current.CancellationToken));

            await ProcessRun.SucceedAsync("mount", "-o", "remount,size=16m", workspace.Originals);
            await Eventually.HoldsAsync(() => File.Exists(workspace.InOriginals("2021/2021-04-04/IMG_4.JPG")) && !File.Exists(photo),
                "filing resumes once there is space", TimeSpan.FromSeconds(90));
            await Eventually.HoldsAsync(async () => await StatusAsync(url) == HttpStatusCode.OK, "the Librarian is healthy again", TimeSpan.FromSeconds(30));
            Assert.Equal(bytes, await File.ReadAllBytesAsync(workspace.InOriginals("2021/2021-04-04/IMG_4.JPG"), TestContext.Current.CancellationToken));
        }
        finally
        {
            await ProcessRun.SucceedAsync("umount", "--lazy", workspace.Originals);
        }
    }

    private static ProcessRun StartService(LibrarianWorkspace workspace, out string url, TimeSpan? settle = null, string? connectionString = null)
    {
        url = $"http://127.0.0.1:{FreePort.Next()}";
        var environment = workspace.Environment(
            ("Librarian__SettleWindow", (settle ?? TimeSpan.FromSeconds(1)).ToString()),
            ("Librarian__RescanInterval", "00:00:20"),
            ("PhotoFactory__Heartbeat__Interval", "00:00:02"),
            ("ASPNETCORE_URLS", url));
        if (connectionString is not null)
        {
            environment["ConnectionStrings__photofactory"] = connectionString;
        }

        return ProcessRun.StartService("PhotoFactory.Librarian", [], environment);
    }

    private static async Task WaitHealthyAsync(ProcessRun service, string url)
    {
        await Eventually.HoldsAsync(async () => !service.HasExited && await StatusAsync(url) == HttpStatusCode.OK,
            "the Librarian is healthy", TimeSpan.FromMinutes(3));
    }

    private static async Task<HttpStatusCode?> StatusAsync(string url)
    {
        try
        {
            using var response = await Http.GetAsync($"{url}/health", TestContext.Current.CancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }
}
