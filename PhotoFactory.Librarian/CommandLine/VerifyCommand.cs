using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Inbox;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.CommandLine;

/// <summary>
/// Compares the catalogue with the originals on disk: every catalogued file is there with its size (and hash,
/// with --full), and every file under the originals is catalogued or is a sidecar of one that is.
/// </summary>
internal static class VerifyCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, bool full)
    {
        var layout = services.GetRequiredService<StorageLayout>();
        var contexts = services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        var differences = new List<string>();
        var catalogued = new HashSet<string>(StringComparer.Ordinal);

        await using (var db = await contexts.CreateDbContextAsync())
        {
            await foreach (var asset in db.MediaAssets.AsNoTracking()
                .Select(a => new { a.FinalPath, a.SizeBytes, a.Sha256 })
                .AsAsyncEnumerable())
            {
                catalogued.Add(asset.FinalPath);
                var file = new FileInfo(layout.InOriginals(asset.FinalPath));
                if (!file.Exists)
                {
                    differences.Add($"missing on disk: {asset.FinalPath}");
                }
                else if (file.Length != asset.SizeBytes)
                {
                    differences.Add($"size differs: {asset.FinalPath} is {file.Length} bytes, catalogued as {asset.SizeBytes}");
                }
                else if (full && (await FileTransfer.HashAsync(file.FullName, CancellationToken.None)).Sha256 != asset.Sha256)
                {
                    differences.Add($"content differs: {asset.FinalPath} no longer has its catalogued SHA-256");
                }
            }
        }

        if (Directory.Exists(layout.Originals))
        {
            foreach (var folder in InboxScanner.Scan(layout.Originals).GroupBy(e => e.Directory, StringComparer.Ordinal))
            {
                var names = folder.Select(e => e.Name).ToList();
                var accountedSidecars = folder
                    .Where(e => catalogued.Contains(e.RelativePath))
                    .SelectMany(e => SidecarFinder.Find(e.Name, names).All)
                    .ToHashSet(StringComparer.Ordinal);
                foreach (var entry in folder)
                {
                    if (!catalogued.Contains(entry.RelativePath) && !accountedSidecars.Contains(entry.Name))
                    {
                        differences.Add(entry.Name.StartsWith(".pf-", StringComparison.Ordinal)
                            ? $"unfinished transfer on disk: {entry.RelativePath} (a Librarian will remove it when it recovers)"
                            : $"not catalogued: {entry.RelativePath}");
                    }
                }
            }
        }

        foreach (var difference in differences)
        {
            await Console.Out.WriteLineAsync(difference);
        }

        await Console.Error.WriteLineAsync(differences.Count == 0
            ? $"Catalogue and originals agree: {catalogued.Count} file(s){(full ? ", every hash checked" : "")}."
            : $"{differences.Count} difference(s) between the catalogue and the originals.");
        return differences.Count == 0 ? LibrarianCli.Ok : LibrarianCli.Problems;
    }
}
