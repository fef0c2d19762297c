using PhotoFactory.Librarian.Scrubbing;

namespace PhotoFactory.Librarian.CommandLine;

/// <summary>
/// Compares the catalogue with the originals on disk, with the engine the scheduled scrub uses and in its words: every
/// catalogued file is there with its size (and its SHA-256, with --full), and every file under the originals is
/// catalogued or is a sidecar of one that is, and read-only. It reads as fast as the disk gives and records nothing.
/// </summary>
internal static class VerifyCommand
{
    private const int Step = 256;

    public static async Task<int> RunAsync(IServiceProvider services, bool full)
    {
        var inspector = services.GetRequiredService<OriginalsInspector>();
        var pacer = ReadPacer.Unlimited(services.GetRequiredService<TimeProvider>());
        var findings = 0;
        var checkedFiles = 0;

        async Task PrintAsync(IEnumerable<Finding> found)
        {
            foreach (var finding in found)
            {
                findings++;
                await Console.Out.WriteLineAsync(finding.ToString());
            }
        }

        for (Guid? cursor = null; ;)
        {
            var batch = await inspector.AssetsAfterAsync(cursor, Step, CancellationToken.None);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var asset in batch)
            {
                checkedFiles++;
                await PrintAsync((await inspector.CheckAssetAsync(asset, full, pacer, CancellationToken.None)).Findings);
            }

            cursor = batch[^1].Id;
        }

        foreach (var folder in inspector.Folders())
        {
            await PrintAsync((await inspector.CheckFolderAsync(folder, CancellationToken.None)).Findings);
        }

        await Console.Error.WriteLineAsync(findings == 0
            ? $"Catalogue and originals agree: {checkedFiles} file(s){(full ? ", every hash checked" : "")}."
            : $"{findings} difference(s) between the catalogue and the originals.");
        return findings == 0 ? LibrarianCli.Ok : LibrarianCli.Problems;
    }
}
