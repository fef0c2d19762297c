using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// The one long-lived exiftool process the Librarian falls back on (<c>-stay_open True -@ -</c>): started on first use,
/// shared by all callers one request at a time, restarted when it dies or hangs. When exiftool is missing it says so
/// once and every later request returns <see cref="ExifToolResponse.Unavailable"/> at once.
/// </summary>
public sealed class ExifToolProcess(IOptions<MetadataOptions> options, ILogger<ExifToolProcess> logger) : IAsyncDisposable
{
    /// <summary>A process that dies this many times in a row without answering anything is taken to be broken.</summary>
    private const int StartsBeforeGivingUp = 3;

    private static readonly string[] CommonArguments =
    [
        "-j", "-G1", "-a", "-n", "-api", "largefilesupport=1",
        "-time:all", "-Make", "-Model", "-MIMEType", "-ImageWidth", "-ImageHeight", "-Duration", "-ContentIdentifier",
        "-GPSLatitude", "-GPSLongitude", "-GPSAltitude", "-GPSLatitudeRef", "-GPSLongitudeRef",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MetadataOptions _options = options.Value;
    private ExifToolSession? _session;
    private int _sequence;
    private int _silentDeaths;
    private volatile bool _unavailable;
    private bool _disposed;

    /// <summary>How many exiftool processes have been started so far.</summary>
    public int StartCount { get; private set; }

    /// <summary>The running process's id, if one is running.</summary>
    public int? ProcessId => _session is { HasExited: false } session ? session.ProcessId : null;

    /// <summary>False once exiftool turned out to be missing or broken.</summary>
    public bool IsAvailable => !_unavailable;

    /// <summary>Reads one file's tags. Never throws for a bad file or a missing exiftool; only for cancellation.</summary>
    public Task<ExifToolResponse> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        ReadAsync(path, path, cancellationToken);

    /// <summary>
    /// Reads one file's tags from <paramref name="path"/> (e.g. an open descriptor's <c>/proc</c> path), naming it
    /// <paramref name="shownAs"/> in the log.
    /// </summary>
    public async Task<ExifToolResponse> ReadAsync(string path, string shownAs, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        if (_unavailable)
        {
            return ExifToolResponse.Unavailable;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (EnsureStarted() is not { } session)
                {
                    return ExifToolResponse.Unavailable;
                }

                var (body, timedOut) = await ExecuteAsync(session, fullPath, shownAs, cancellationToken);
                if (body is not null)
                {
                    _silentDeaths = 0;
                    return Parse(body, session.Errors());
                }

                if (timedOut)
                {
                    return ExifToolResponse.Failed($"exiftool took longer than {_options.ExifToolTimeout.TotalSeconds:0} s and was stopped");
                }

                await StopAsync("it exited while reading a file");
                if (session.Answered == 0 && ++_silentDeaths >= StartsBeforeGivingUp)
                {
                    _unavailable = true;
                    MetadataLog.ExifToolBroken(logger, _options.ExifToolPath, StartsBeforeGivingUp);
                    return ExifToolResponse.Unavailable;
                }
            }

            return ExifToolResponse.Failed("exiftool exited while reading the file");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            if (_session is not null)
            {
                await StopAsync("the Librarian is stopping");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string? Body, bool TimedOut)> ExecuteAsync(ExifToolSession session, string fullPath, string shownAs, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ExifToolTimeout);
        try
        {
            return (await session.ExecuteAsync([AsArgument(fullPath)], ++_sequence, timeout.Token), false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            MetadataLog.ExifToolTimedOut(logger, shownAs, _options.ExifToolTimeout);
            await StopAsync("it timed out");
            return (null, true);
        }
        catch (OperationCanceledException)
        {
            // The answer may still arrive and would confuse the next request: start afresh.
            await StopAsync("its caller gave up waiting");
            throw;
        }
    }

    /// <summary>
    /// One argument per line goes to exiftool, which trims leading white space and would split a name at a line
    /// break; its <c>#[CSTR]</c> form carries any file name as a C string.
    /// </summary>
    private static string AsArgument(string path) =>
        "#[CSTR]" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    private ExifToolSession? EnsureStarted()
    {
        if (_session is { HasExited: false } running)
        {
            return running;
        }

        if (_unavailable)
        {
            return null;
        }

        try
        {
            _session = ExifToolSession.Start(_options.ExifToolPath, CommonArguments);
            StartCount++;
            MetadataLog.ExifToolStarted(logger, _options.ExifToolPath, _session.ProcessId);
            return _session;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _unavailable = true;
            MetadataLog.ExifToolMissing(logger, _options.ExifToolPath, ex.Message);
            return null;
        }
    }

    private async Task StopAsync(string reason)
    {
        if (_session is not { } session)
        {
            return;
        }

        _session = null;
        MetadataLog.ExifToolStopping(logger, session.ProcessId, reason);
        await session.DisposeAsync();
    }

    private static ExifToolResponse Parse(string body, string? errors)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return ExifToolResponse.Failed(errors ?? "exiftool returned nothing");
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Array || json.RootElement.GetArrayLength() == 0)
            {
                return ExifToolResponse.Failed("exiftool returned no tags");
            }

            var tags = json.RootElement[0].Clone();
            var problem = tags.TryGetProperty("ExifTool:Error", out var error) ? error.ToString() : null;
            return new ExifToolResponse(tags, problem);
        }
        catch (JsonException ex)
        {
            return ExifToolResponse.Failed($"exiftool's answer is not JSON: {ex.Message}");
        }
    }
}
