using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// Reads metadata with MetadataExtractor first (in-process, seeks to the metadata) and asks the shared exiftool
/// process only for what it cannot read: formats it does not know, files it throws on, and files where it finds no
/// local capture time. Non-media content is recognised from its first bytes and not read further. No file's metadata
/// may cost more than <see cref="MetadataLimits"/>: one that would is not read (by either reader) and is filed on the
/// dates its sidecars, name and file time give, the reason recorded.
/// </summary>
public sealed class MediaMetadataReader(
    ExifToolProcess exifTool,
    CaptureTimeResolver resolver,
    MetadataMetrics metrics,
    IOptions<MetadataOptions> options,
    TimeProvider time,
    ILogger<MediaMetadataReader> logger) : IMediaMetadataReader
{
    /// <summary>The buffer a file read by this reader is best opened with: the readers seek and read small blocks.</summary>
    public const int BufferSize = 16 * 1024;

    public async Task<MediaMetadata> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        return await ReadAsync(file, path, cancellationToken);
    }

    public async Task<MediaMetadata> ReadAsync(FileStream file, string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();

        MediaMetadata? embedded = null;
        string? problem = null;
        // Left open: exiftool may yet read the same file. Opened with a buffer (see BufferSize) by its caller.
        file.Position = 0;
        var signature = MediaSniffer.Sniff(file, path);
        if (signature is null)
        {
            metrics.Read(MetadataReaders.None);
            return MediaMetadata.NotMedia();
        }

        var limits = options.Value.Limits;
        if (MetadataPrecheck.Check(file, signature, limits) is { } tooMuch)
        {
            return NotRead(path, signature, tooMuch);
        }

        if (!MetadataExtractorReader.CanRead(signature))
        {
            problem = $"MetadataExtractor 2.4.3 cannot read {signature.Format}{(signature.HasFileTypeBox ? "" : " without an ftyp box")}";
        }
        else
        {
            try
            {
                embedded = MetadataExtractorReader.Read(new BoundedReadStream(file, limits.ReadBytes, limits.ReadTime, time));
            }
            catch (MetadataLimitException limit)
            {
                return NotRead(path, signature, limit.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // MetadataExtractor throws all sorts on damaged files (ArgumentOutOfRange on Samsung HEIC, XmpException, IOException).
                problem = $"MetadataExtractor failed: {ex.GetType().Name}: {ex.Message}";
            }
        }

        if (embedded is null || !HasLocalCaptureTime(embedded))
        {
            var (fallback, fallbackProblem) = await ReadWithExifToolAsync(InboxEntries.PathForOtherProcesses(file), path, cancellationToken);
            embedded = Merge(embedded, fallback);
            if (problem is not null || fallbackProblem is not null)
            {
                problem = string.Join("; ", new[] { problem, fallbackProblem ?? "exiftool fallback used" }.OfType<string>());
            }
        }

        var result = embedded with
        {
            Format = signature.Format,
            Kind = MediaTypes.KindOf(signature.Format, path),
            MimeType = signature.MimeType,
            Captured = resolver.ResolveEmbedded(embedded),
            ReadProblem = problem,
        };

        if (problem is not null)
        {
            MetadataLog.ReadProblem(logger, path, problem);
        }

        metrics.Read(result.ReadWith);
        return result;
    }

    /// <summary>
    /// A file whose metadata would cost more than the limits: recognised as media, read by neither reader (exiftool
    /// would inflate or parse the same), so its dates come from its sidecars, its name and its file time.
    /// </summary>
    private MediaMetadata NotRead(string path, MediaSignature signature, string reason)
    {
        var problem = $"metadata not read: {reason}";
        MetadataLog.ReadProblem(logger, path, problem);
        metrics.Read(MetadataReaders.None);
        return new MediaMetadata
        {
            Format = signature.Format,
            Kind = MediaTypes.KindOf(signature.Format, path),
            MimeType = signature.MimeType,
            ReadProblem = problem,
        };
    }

    private bool HasLocalCaptureTime(MediaMetadata metadata) =>
        metadata.Dates.Any(date => !date.IsUtc && resolver.IsPlausible(date));

    private async Task<(MediaMetadata? Metadata, string? Problem)> ReadWithExifToolAsync(string path, string shownAs, CancellationToken cancellationToken)
    {
        var response = await exifTool.ReadAsync(path, shownAs, cancellationToken);
        if (response.IsUnavailable)
        {
            return (null, "exiftool fallback unavailable");
        }

        var metadata = response.Tags is { } tags ? ExifToolTags.ToMetadata(tags) : null;
        return (metadata, response.Problem is { } problem ? $"exiftool: {problem}" : null);
    }

    /// <summary>MetadataExtractor's values win; exiftool fills the gaps and adds the dates MetadataExtractor did not see.</summary>
    private static MediaMetadata Merge(MediaMetadata? first, MediaMetadata? second)
    {
        if (first is null || second is null)
        {
            return first ?? second ?? new MediaMetadata();
        }

        var seen = first.Dates.Select(date => date.Source).ToHashSet(StringComparer.Ordinal);
        return first with
        {
            Dates = [.. first.Dates, .. second.Dates.Where(date => !seen.Contains(date.Source))],
            StatedOffset = first.StatedOffset ?? second.StatedOffset,
            Location = first.Location ?? second.Location,
            CameraMake = first.CameraMake ?? second.CameraMake,
            CameraModel = first.CameraModel ?? second.CameraModel,
            Width = first.Width ?? second.Width,
            Height = first.Height ?? second.Height,
            DurationSeconds = first.DurationSeconds ?? second.DurationSeconds,
            ContentIdentifier = first.ContentIdentifier ?? second.ContentIdentifier,
            ReadWith = first.ReadWith | second.ReadWith,
        };
    }
}
