using System.Text.Json;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Librarian.Planning;
using XmpCore;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>Reads the dates and location in a media file's XMP and Google Takeout sidecars.</summary>
public static class SidecarReader
{
    /// <summary>Sidecars are small; anything bigger is not one and is not read.</summary>
    public const long MaxSidecarBytes = 4 * 1024 * 1024;

    /// <param name="directory">The folder holding the media file and its sidecars.</param>
    /// <param name="sidecars">Its sidecars, from <see cref="SidecarFinder"/>.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static Task<SidecarFacts> ReadAsync(string directory, SidecarSet sidecars, CancellationToken cancellationToken = default) =>
        ReadAsync(directory, "", sidecars, cancellationToken);

    /// <summary>
    /// Reads the sidecars in <paramref name="folder"/> (relative, '/'-separated) under <paramref name="inboxRoot"/>,
    /// each reached through real folders only (<see cref="InboxEntries"/>): one that became a link is not read.
    /// </summary>
    internal static Task<SidecarFacts> ReadAsync(string inboxRoot, string folder, SidecarSet sidecars, CancellationToken cancellationToken) =>
        ReadAsync(sidecars.Xmp.Concat(sidecars.TakeoutJson).Select(name => (inboxRoot, folder.Length == 0 ? name : $"{folder}/{name}")), cancellationToken);

    /// <summary>Reads the <c>.xmp</c> and <c>.json</c> files among <paramref name="sidecarPaths"/>; other sidecars say nothing about dates.</summary>
    public static Task<SidecarFacts> ReadAsync(IEnumerable<string> sidecarPaths, CancellationToken cancellationToken = default) =>
        ReadAsync(sidecarPaths.Select(path => (Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileName(path))), cancellationToken);

    private static async Task<SidecarFacts> ReadAsync(IEnumerable<(string Root, string Relative)> sidecars, CancellationToken cancellationToken)
    {
        var paths = sidecars.ToList();
        var xmpPaths = paths.Where(path => Path.GetExtension(path.Relative).Equals(".xmp", StringComparison.OrdinalIgnoreCase)).ToList();
        var jsonPaths = paths.Where(path => Path.GetExtension(path.Relative).Equals(".json", StringComparison.OrdinalIgnoreCase)).ToList();
        if (xmpPaths.Count == 0 && jsonPaths.Count == 0)
        {
            return SidecarFacts.None;
        }

        var dates = new List<DateCandidate>();
        var problems = new List<string>();
        GeoLocation? xmpLocation = null, takeoutLocation = null;

        foreach (var path in xmpPaths)
        {
            if (await ReadSmallFileAsync(path, problems, cancellationToken) is not { } bytes)
            {
                continue;
            }

            try
            {
                var meta = XmpMetaFactory.ParseFromBuffer(bytes);
                dates.AddRange(XmpFacts.Dates(meta, CaptureSource.SidecarXmp, CaptureSources.SidecarPrefix));
                xmpLocation ??= XmpFacts.Location(meta);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add($"{Path.GetFileName(path.Relative)}: not readable XMP ({ex.Message})");
            }
        }

        foreach (var path in jsonPaths)
        {
            if (await ReadSmallFileAsync(path, problems, cancellationToken) is not { } bytes)
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(bytes);
                var (takenUtc, location) = TakeoutSidecar.Parse(json.RootElement);
                if (takenUtc is { } utc)
                {
                    dates.Add(DateCandidate.Utc(CaptureSource.TakeoutPhotoTakenTime, CaptureSources.TakeoutPhotoTakenTime, utc));
                }

                takeoutLocation ??= location;
            }
            catch (JsonException ex)
            {
                problems.Add($"{Path.GetFileName(path.Relative)}: not readable JSON ({ex.Message})");
            }
        }

        return new SidecarFacts(dates, xmpLocation ?? takeoutLocation, problems);
    }

    private static async Task<byte[]?> ReadSmallFileAsync((string Root, string Relative) path, List<string> problems, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path.Relative);
        try
        {
            await using var file = InboxEntries.OpenRead(path.Root, path.Relative);
            if (file is null)
            {
                problems.Add($"{name}: it, or a folder on its path, is a link now; not read");
                return null;
            }

            var length = file.Length;
            if (length == 0 || length > MaxSidecarBytes)
            {
                problems.Add($"{name}: {length} bytes, not read");
                return null;
            }

            var bytes = new byte[length];
            await file.ReadExactlyAsync(bytes, cancellationToken);
            return bytes;
        }
        catch (FileNotFoundException)
        {
            problems.Add($"{name}: missing");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{name}: {ex.Message}");
            return null;
        }
    }
}
