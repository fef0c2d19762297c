using System.Globalization;
using CliWrap;
using CliWrap.Buffered;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// Makes small real media files for tests: JPEG/PNG by ImageMagick, video by ffmpeg, tags by exiftool, plus a few
/// byte-level shapes no tool writes (a RAW-like TIFF, Apple QuickTime keys, out-of-order extended XMP). Fails loudly
/// when a tool is missing: run <c>.ci/run</c> or install exiftool, ffmpeg and ImageMagick.
/// </summary>
public static class MediaFactory
{
    private static readonly Lazy<Task<byte[]>> RedSquare = new(() => RenderAsync("jpg"));
    private static readonly Lazy<Task<byte[]>> BlueSquare = new(() => RenderAsync("png"));

    public static string ExifToolPath => Tool("exiftool", "libimage-exiftool-perl");
    public static string FfmpegPath => Tool("ffmpeg", "ffmpeg");

    /// <summary>ImageMagick from /usr/bin only: /usr/local/bin/convert on the build machines is a stand-in.</summary>
    public static string ConvertPath => File.Exists("/usr/bin/convert") ? "/usr/bin/convert"
        : File.Exists("/usr/bin/magick") ? "/usr/bin/magick"
        : throw Missing("ImageMagick's convert", "imagemagick");

    /// <summary>A 16×16 JPEG with the given EXIF (local wall clock, optional offset and GPS) and any other exiftool assignments.</summary>
    public static async Task<string> JpegAsync(string path, DateTime? dateTimeOriginal = null, TimeSpan? offset = null,
        (double Latitude, double Longitude)? gps = null, params string[] tags)
    {
        await File.WriteAllBytesAsync(path, await RedSquare.Value);
        var assignments = new List<string>(tags);
        if (dateTimeOriginal is { } original)
        {
            assignments.Add($"-ExifIFD:DateTimeOriginal={Exif(original)}");
        }

        if (offset is { } zone)
        {
            assignments.Add($"-ExifIFD:OffsetTimeOriginal={Offset(zone)}");
        }

        if (gps is { } position)
        {
            assignments.AddRange(Gps(position.Latitude, position.Longitude));
        }

        await SetTagsAsync(path, [.. assignments]);
        return path;
    }

    /// <summary>A 16×16 PNG with any exiftool assignments (e.g. XMP).</summary>
    public static async Task<string> PngAsync(string path, params string[] tags)
    {
        await File.WriteAllBytesAsync(path, await BlueSquare.Value);
        await SetTagsAsync(path, tags);
        return path;
    }

    /// <summary>
    /// A one-second 16×16 video; the container follows the extension (.mp4, .mov, .m4v, .3gp, .mkv, .avi, .mts).
    /// <paramref name="creationTimeUtc"/> goes in the QuickTime <c>mvhd</c> (ffmpeg writes 1904, i.e. zero, without it);
    /// <paramref name="appleCreationDate"/> (e.g. <c>2021-06-30T18:30:00-0500</c>) and <paramref name="contentIdentifier"/>
    /// go in <c>moov/meta</c> keys where an iPhone puts them.
    /// </summary>
    public static async Task<string> VideoAsync(string path, DateTime? creationTimeUtc = null, string? appleCreationDate = null, string? contentIdentifier = null)
    {
        var arguments = new List<string> { "-y", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=black:s=16x16:d=1", "-c:v", "mpeg4" };
        if (creationTimeUtc is { } created)
        {
            arguments.AddRange(["-metadata", $"creation_time={created.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}"]);
        }

        if (Path.GetExtension(path).Equals(".mts", StringComparison.OrdinalIgnoreCase))
        {
            arguments.AddRange(["-f", "mpegts"]);
        }
        else if (Path.GetExtension(path).Equals(".mov", StringComparison.OrdinalIgnoreCase))
        {
            arguments.AddRange(["-f", "mov"]);
        }

        arguments.Add(path);
        await RunAsync(FfmpegPath, arguments);

        var keys = new List<(string, string)>();
        if (appleCreationDate is not null)
        {
            keys.Add(("com.apple.quicktime.creationdate", appleCreationDate));
        }

        if (contentIdentifier is not null)
        {
            keys.Add(("com.apple.quicktime.content.identifier", contentIdentifier));
        }

        if (keys.Count > 0)
        {
            await QuickTimeKeys.AppendAsync(path, keys);
        }

        return path;
    }

    /// <summary>Writes tags with exiftool in place (<c>-overwrite_original</c>), e.g. <c>-XMP-photoshop:DateCreated=2020:01:02</c>.</summary>
    public static async Task SetTagsAsync(string path, params string[] assignments)
    {
        if (assignments.Length > 0)
        {
            await RunAsync(ExifToolPath, ["-q", "-q", "-overwrite_original", "-m", .. assignments, path]);
        }
    }

    /// <summary>Cuts a file to a fraction of its length, as an interrupted copy would.</summary>
    public static string Truncate(string path, double keep)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.SetLength((long)(stream.Length * keep));
        return path;
    }

    /// <summary>A plain text file, whatever its extension says.</summary>
    public static string Text(string path, string content = "not a photo, just words\n")
    {
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>
    /// A JPEG with a valid EXIF DateTimeOriginal whose extended XMP chunks come out of order, as in exiftool's
    /// ExtendedXMP.jpg: MetadataExtractor 2.4.3 throws <c>XmpException</c> for the whole file; exiftool reads it.
    /// </summary>
    public static async Task<string> JpegThatMetadataExtractorRejectsAsync(string path, DateTime dateTimeOriginal)
    {
        await JpegAsync(path, dateTimeOriginal);
        var description = Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileName(path)}.description.txt");
        await File.WriteAllTextAsync(description, new string('A', 70_000));
        try
        {
            await SetTagsAsync(path, $"-XMP-dc:Description<={description}");
        }
        finally
        {
            File.Delete(description);
        }

        JpegSegments.SwapExtendedXmpChunks(path);
        return path;
    }

    public static string Exif(DateTime clock) => clock.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    public static string[] Gps(double latitude, double longitude) =>
    [
        $"-GPSLatitude={Math.Abs(latitude).ToString(CultureInfo.InvariantCulture)}", $"-GPSLatitudeRef={(latitude < 0 ? "S" : "N")}",
        $"-GPSLongitude={Math.Abs(longitude).ToString(CultureInfo.InvariantCulture)}", $"-GPSLongitudeRef={(longitude < 0 ? "W" : "E")}",
    ];

    private static async Task<byte[]> RenderAsync(string format)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pf-square-{Guid.NewGuid():N}.{format}");
        try
        {
            await RunAsync(ConvertPath, ["-size", "16x16", format == "png" ? "xc:blue" : "xc:red", path]);
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task RunAsync(string tool, IEnumerable<string> arguments)
    {
        var result = await Cli.Wrap(tool).WithArguments(arguments).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(tool)} failed ({result.ExitCode}): {result.StandardError}{result.StandardOutput}");
        }
    }

    private static string Tool(string name, string package)
    {
        var candidates = new[] { "/usr/bin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists) ?? throw Missing(name, package);
    }

    private static InvalidOperationException Missing(string tool, string package) =>
        new($"These tests make real media files and need {tool}. Run .ci/run, or install it (apt-get install {package}).");
}
