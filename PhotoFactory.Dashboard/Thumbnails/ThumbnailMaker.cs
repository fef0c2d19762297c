using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using NetVips;
using PhotoFactory.Catalog.Assets;

namespace PhotoFactory.Dashboard.Thumbnails;

/// <summary>The original a picture is made from, as the catalogue knows it.</summary>
public sealed record ThumbnailSource(Guid Id, string FinalPath, string Sha256, MediaKind Kind);

/// <summary>
/// A picture in the cache, or made but not kept (<paramref name="Picture"/>: the cache could not be written), or why
/// there is none.
/// </summary>
public sealed record Thumbnail(string? CachedFile, string? Problem, byte[]? Picture = null);

/// <summary>
/// Makes each asset's pictures once, on the first page that asks, at most <see cref="ThumbnailOptions.MaxConcurrent"/>
/// at a time and each within <see cref="ThumbnailOptions.Timeout"/>. Runs in the Dashboard only: filing never waits on
/// a picture. The small picture is the camera's embedded preview when there is one, else made with libvips (NetVips);
/// the large one is made, else the preview. Pages asking for the same picture together share one making.
/// </summary>
public sealed class ThumbnailMaker : IDisposable
{
    /// <summary>
    /// Failures to make a picture, remembered so a page does not decode a damaged file again on every refresh; forgotten
    /// past this many. Not why an original cannot be read at all (missing, say): that is a look at the folder, and may
    /// change without a restart (an original put back from a backup).
    /// </summary>
    private const int RememberedProblems = 10_000;

    private readonly IOptions<ThumbnailOptions> _options;
    private readonly ThumbnailCache _cache;
    private readonly string? _originals;
    private readonly ILogger<ThumbnailMaker> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<string, Lazy<Task<Thumbnail>>> _making = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _problems = new(StringComparer.Ordinal);
    private readonly Lock _retelling = new();

    public ThumbnailMaker(IOptions<ThumbnailOptions> options, ThumbnailCache cache, ILogger<ThumbnailMaker> logger)
    {
        _options = options;
        _cache = cache;
        _logger = logger;
        _slots = new SemaphoreSlim(options.Value.MaxConcurrent);
        _originals = options.Value.Originals;
    }

    public Task<Thumbnail> GetAsync(ThumbnailSource source, ThumbnailSize size, CancellationToken cancellationToken)
    {
        var cached = _cache.PathOf(source.Sha256, size);
        if (File.Exists(cached))
        {
            return Task.FromResult(new Thumbnail(cached, null));
        }

        var (path, unavailable) = OriginalOf(source);
        if (unavailable is not null)
        {
            return Task.FromResult(new Thumbnail(null, unavailable));
        }

        var key = Path.GetFileName(cached);
        if (_problems.TryGetValue(key, out var problem))
        {
            return Task.FromResult(new Thumbnail(null, problem));
        }

        // Not cancelled with the request: a picture half made for a page that closed is finished for the next one.
        var making = _making.GetOrAdd(key, _ => new Lazy<Task<Thumbnail>>(() => MakeAsync(source, path!, size, key)));
        return making.Value.WaitAsync(cancellationToken);
    }

    /// <summary>The original's path, or why no picture can be made of it; asked on every request.</summary>
    private (string? Path, string? Problem) OriginalOf(ThumbnailSource source)
    {
        if (source.Kind == MediaKind.Video)
        {
            return (null, "a video: no picture is made of videos");
        }

        if (_originals is null)
        {
            return (null, "the Dashboard was given no originals folder");
        }

        var path = Path.GetFullPath(source.FinalPath, _originals);
        if (!path.StartsWith(_originals + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return (null, "its catalogued path leads outside the originals");
        }

        return File.Exists(path) ? (path, null) : (null, "the original is missing from the originals folder");
    }

    private async Task<Thumbnail> MakeAsync(ThumbnailSource source, string path, ThumbnailSize size, string key)
    {
        try
        {
            var settings = _options.Value;
            var (jpeg, problem) = await MakeBoundedAsync(path, size, settings);
            if (jpeg is null)
            {
                if (_problems.Count >= RememberedProblems)
                {
                    _problems.Clear();
                }

                _problems[key] = problem!;
                Log.ThumbnailNotMade(_logger, source.Id, size.Name(), problem!);
                return new Thumbnail(null, problem);
            }

            try
            {
                return new Thumbnail(await _cache.StoreAsync(source.Sha256, size, jpeg, CancellationToken.None), null);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A full or read-only data folder costs the cache, not the picture: it is made again next time.
                Log.ThumbnailNotKept(_logger, source.Id, size.Name(), ex.Message);
                return new Thumbnail(null, null, jpeg);
            }
        }
        finally
        {
            _making.TryRemove(key, out _);
        }
    }

    private async Task<(byte[]? Jpeg, string? Problem)> MakeBoundedAsync(string path, ThumbnailSize size, ThumbnailOptions settings)
    {
        await _slots.WaitAsync();
        // The slot is freed when libvips is done, not when the page stops waiting: a file that times out still holds
        // its decoded image until then, and MaxConcurrent bounds those too.
        var work = Task.Run(() => Make(path, size, settings.Quality));
        _ = work.ContinueWith(_ => _slots.Release(), TaskScheduler.Default);
        try
        {
            return await work.WaitAsync(settings.Timeout);
        }
        catch (TimeoutException)
        {
            return (null, $"making it took longer than {settings.Timeout.TotalSeconds:0} s");
        }
    }

    private (byte[]? Jpeg, string? Problem) Make(string path, ThumbnailSize size, int quality)
    {
        if (size == ThumbnailSize.Small && EmbeddedPreview.Read(path) is { } preview)
        {
            return (preview, null);
        }

        try
        {
            return (Encode(path, size, quality), null);
        }
        catch (VipsException ex)
        {
            var reason = Reason(ex.Message, path);
            if (reason is null)
            {
                var (jpeg, retold) = Retold(path, size, quality);
                if (jpeg is not null)
                {
                    return (jpeg, null);
                }

                reason = retold;
            }

            // libvips reads most photos and TIFF-based RAWs; HEIC needs a HEVC decoder it does not have here. The
            // camera's own preview is then the picture, at any size.
            return size == ThumbnailSize.Large && EmbeddedPreview.Read(path) is { } fallback
                ? (fallback, null)
                : (null, $"cannot be decoded here: {reason}");
        }
    }

    private static byte[] Encode(string path, ThumbnailSize size, int quality)
    {
        using var image = Image.Thumbnail(path, size.Pixels(), height: size.Pixels(), size: Enums.Size.Down);
        return image.JpegsaveBuffer(q: quality, keep: Enums.ForeignKeep.None);
    }

    /// <summary>
    /// libvips keeps one error buffer for the whole process, and each failure takes and clears it: when two pictures
    /// fail at once, one can be left with nothing but the name of the call that failed. Failures are rare, so such a
    /// picture is tried once more with no other retry under way, for its picture or for its reason.
    /// </summary>
    private (byte[]? Jpeg, string Reason) Retold(string path, ThumbnailSize size, int quality)
    {
        lock (_retelling)
        {
            try
            {
                return (Encode(path, size, quality), "");
            }
            catch (VipsException ex)
            {
                return (null, Reason(ex.Message, path) ?? ex.Message.Trim());
            }
        }
    }

    /// <summary>
    /// libvips' last line that is not "unable to call …" says why, e.g. "heif: … Support for this compression format
    /// has not been built in: HEVC"; the file is named, not its path on this machine. Null when no line says more.
    /// </summary>
    private static string? Reason(string message, string path) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => !line.StartsWith("unable to call ", StringComparison.Ordinal))
            ?.Replace(path, Path.GetFileName(path), StringComparison.Ordinal);

    public void Dispose() => _slots.Dispose();
}
