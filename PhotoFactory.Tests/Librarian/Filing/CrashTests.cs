using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Filing;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary>Killing a Librarian at any instant loses nothing and files nothing twice.</summary>
public sealed class CrashTests
{
    [Fact]
    public async Task A_Librarian_stopped_while_copying_rolls_back_and_releases_its_claim_so_the_next_one_files_the_file_at_once()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        using var host = await FilingHost.CreateAsync(workspace);
        var photo = workspace.InInbox("phone/IMG_9.JPG");
        await MediaFactory.JpegAsync(photo, new DateTime(2021, 8, 8, 8, 0, 0));
        // A photo followed by 600 MB (sparse here, written in full by the copy): long enough to stop it half-way.
        await using (var stream = new FileStream(photo, FileMode.Open))
        {
            stream.SetLength(stream.Length + 600_000_000);
        }

        var length = new FileInfo(photo).Length;
        using var stop = new CancellationTokenSource();
        var filing = host.Get<FilingEngine>().FileAsync(host.Unit("phone/IMG_9.JPG"), FilingMode.Copy, partner: null, new FilingPlan(host.Layout), stop.Token);
        // Stopped (docker stop, compose down) once the copy into the originals has begun, i.e. after the claim.
        while (!filing.IsCompleted && !CopyBegun(workspace))
        {
            await Task.Delay(2, TestContext.Current.CancellationToken);
        }

        Assert.False(filing.IsCompleted, "the copy finished before the test could stop it");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => filing);

        // Nothing half-done: no claim left for the lease to expire, no partial file, the photo untouched in the inbox.
        Assert.Empty(await workspace.QueryAsync(db => db.IngestClaims.AsNoTracking()));
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Originals));
        Assert.Equal(length, new FileInfo(photo).Length);

        // The next Librarian (another container, so another owner to the claim) files it now, not after the lease.
        var next = await workspace.IngestAsync();
        Assert.Equal("placed", Assert.Single(next.Report).Outcome);
    }

    private static bool CopyBegun(LibrarianWorkspace workspace) =>
        Directory.Exists(workspace.Originals)
        && Directory.EnumerateFiles(workspace.Originals, ".pf-*", SearchOption.AllDirectories).Any();

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task A_Librarian_killed_again_and_again_while_filing_leaves_every_file_filed_exactly_once(CatalogProvider provider)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        var expected = await InboxOfManyAsync(workspace, distinct: 500, copies: 40);
        var random = new Random(provider == CatalogProvider.Sqlite ? 11 : 23);

        var kills = 0;
        for (var attempt = 0; attempt < 12 && LibrarianWorkspace.FilesUnder(workspace.Inbox).Count > 0; attempt++)
        {
            await using var librarian = workspace.StartIngest();
            // Start-up takes about a second; kill anywhere from inside it (migrations) to deep into the batch.
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 2500)), TestContext.Current.CancellationToken);
            if (!librarian.HasExited)
            {
                librarian.Kill();
                kills++;
            }
        }

        var last = await workspace.IngestAsync();

        Assert.True(kills >= 3, $"only {kills} run(s) were killed mid-way; the test proves little");
        Assert.True(last.Exit == 0, last.Error);
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));

        var stored = LibrarianWorkspace.FilesUnder(workspace.Originals);
        Assert.DoesNotContain(stored, f => Path.GetFileName(f).StartsWith(".pf-", StringComparison.Ordinal));
        var storedHashes = stored.Select(f => HashOf(workspace.InOriginals(f))).ToList();
        Assert.Equal(expected.Order(), storedHashes.Order());

        var assets = await workspace.QueryAsync(db => db.MediaAssets);
        Assert.Equal(expected.Order(), assets.Select(a => a.Sha256).Order());
        Assert.Empty(await workspace.QueryAsync(db => db.IngestClaims));
        var verify = await workspace.VerifyAsync("--full");
        Assert.True(verify.Exit == 0, verify.Output + verify.Error);
    }

    /// <summary>
    /// Fills the inbox with distinct photos (a few hundred KB each, so a kill often lands mid-copy), some sharing a
    /// name and a day, plus byte-identical copies in other folders. Returns the distinct contents' hashes.
    /// </summary>
    internal static async Task<HashSet<string>> InboxOfManyAsync(LibrarianWorkspace workspace, int distinct, int copies)
    {
        var bases = new List<byte[]>();
        for (var day = 0; day < 4; day++)
        {
            var path = Path.Combine(workspace.Data, $"base{day}.jpg");
            await MediaFactory.JpegAsync(path, new DateTime(2020, 3, 10 + day, 12, 0, 0));
            bases.Add(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
            File.Delete(path);
        }

        var hashes = new HashSet<string>();
        var random = new Random(7);
        var written = new List<string>();
        for (var i = 0; i < distinct; i++)
        {
            // Bytes after a JPEG's end marker change its hash but not what any reader sees.
            var padding = new byte[random.Next(100_000, 400_000)];
            random.NextBytes(padding);
            var content = bases[i % bases.Count].Concat(padding).ToArray();
            var relative = $"device{i % 5}/IMG_{i / 5:D4}.JPG";
            await File.WriteAllBytesAsync(workspace.InInbox(relative), content, TestContext.Current.CancellationToken);
            hashes.Add(Convert.ToHexStringLower(SHA256.HashData(content)));
            written.Add(relative);
        }

        for (var i = 0; i < copies; i++)
        {
            File.Copy(workspace.InInbox(written[i * 7 % written.Count]), workspace.InInbox($"backup/copy_{i}.jpg"));
        }

        return hashes;
    }

    private static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
