using System.Security.Cryptography;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;
using PhotoFactory.Tests.Librarian.Filing;

namespace PhotoFactory.Tests.Librarian.Watching;

/// <summary>
/// Librarian services sharing one inbox on a file system that sends no change notices (NFS): with the file watcher
/// off, the periodic rescan finds everything, and the claims keep every file from being filed twice, even when one
/// Librarian is killed again and again while it files.
/// </summary>
public sealed class SharedInboxTests
{
    [Fact]
    public async Task Two_Librarians_without_a_file_watcher_one_killed_again_and_again_file_every_photo_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var workspace = await LibrarianWorkspace.CreateAsync(CatalogProvider.Postgres);
        await workspace.Catalog.MigrateAsync();
        var expected = await CrashTests.InboxOfManyAsync(workspace, distinct: 150, copies: 30);
        var random = new Random(31);

        var steady = StartService(workspace);
        try
        {
            var kills = 0;
            for (var round = 0; round < 4 && LibrarianWorkspace.FilesUnder(workspace.Inbox).Count > 0; round++)
            {
                await using var doomed = StartService(workspace);
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1500, 4000)), ct);
                if (!doomed.HasExited)
                {
                    doomed.Kill();
                    kills++;
                }
            }

            Assert.True(kills >= 2, $"only {kills} Librarian(s) were killed; the test proves little");
            await Eventually.HoldsAsync(() => LibrarianWorkspace.FilesUnder(workspace.Inbox).Count == 0,
                () => $"the inbox empties by rescans alone ({LibrarianWorkspace.FilesUnder(workspace.Inbox).Count} left)\n{steady.StandardOutput}",
                TimeSpan.FromMinutes(4));

            // A photo arriving later, with nothing to tell the Librarian about it, is found by the next rescan.
            var late = await MediaFactory.JpegAsync(workspace.InData("late.jpg"), new DateTime(2022, 2, 2, 2, 2, 2));
            expected.Add(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(late, ct))));
            File.Move(late, workspace.InInbox("phone/late.jpg"));
            await Eventually.HoldsAsync(() => File.Exists(workspace.InOriginals("2022/2022-02-02/late.jpg")),
                "a photo dropped later is filed without a change notice", TimeSpan.FromMinutes(1));
            await Eventually.HoldsAsync(async () => (await workspace.QueryAsync(db => db.IngestClaims)).Count == 0,
                "every claim is released", TimeSpan.FromMinutes(1));
        }
        finally
        {
            await steady.DisposeAsync();
        }

        var assets = await workspace.QueryAsync(db => db.MediaAssets);
        Assert.Equal(expected.Order(), assets.Select(a => a.Sha256).Order());
        var stored = LibrarianWorkspace.FilesUnder(workspace.Originals);
        Assert.DoesNotContain(stored, f => Path.GetFileName(f).StartsWith(".pf-", StringComparison.Ordinal));
        Assert.Equal(assets.Count, stored.Count);
        var verify = await workspace.VerifyAsync("--full");
        Assert.True(verify.Exit == 0, verify.Output + verify.Error);
    }

    private static ProcessRun StartService(LibrarianWorkspace workspace) =>
        ProcessRun.StartService("PhotoFactory.Librarian", [], workspace.Environment(
            ("ASPNETCORE_URLS", $"http://127.0.0.1:{FreePort.Next()}"),
            ("Librarian__WatchInbox", "false"),
            ("Librarian__RescanInterval", "00:00:02"),
            ("Librarian__SettleWindow", "00:00:01")));
}
