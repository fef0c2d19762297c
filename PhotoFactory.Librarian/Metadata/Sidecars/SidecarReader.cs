using System.Text.Json;
using PhotoFactory.Catalog.Assets;
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
        ReadAsync(sidecars.Xmp.Concat(sidecars.TakeoutJson).Select(name => Path.Combine(directory, name)), cancellationToken);

    /// <summary>Reads the <c>.xmp</c> and <c>.json</c> files among <paramref name="sidecarPaths"/>; other sidecars say nothing about dates.</summary>
    public static async Task<SidecarFacts> ReadAsync(IEnumerable<string> sidecarPaths, CancellationToken cancellationToken = default)
    {
        var paths = sidecarPaths.ToList();
        var xmpPaths = paths.Where(path => Path.GetExtension(path).Equals(".xmp", StringComparison.OrdinalIgnoreCase)).ToList();
        var jsonPaths = paths.Where(path => Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase)).ToList();
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
                problems.Add($"{Path.GetFileName(path)}: not readable XMP ({ex.Message})");
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
                problems.Add($"{Path.GetFileName(path)}: not readable JSON ({ex.Message})");
            }
        }

        return new SidecarFacts(dates, xmpLocation ?? takeoutLocation, problems);
    }

    private static async Task<byte[]?> ReadSmallFileAsync(string path, List<string> problems, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length == 0 || info.Length > MaxSidecarBytes)
            {
                problems.Add($"{info.Name}: {(info.Exists ? $"{info.Length} bytes, not read" : "missing")}");
                return null;
            }

            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{Path.GetFileName(path)}: {ex.Message}");
            return null;
        }
    }
}
