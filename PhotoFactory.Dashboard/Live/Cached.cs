namespace PhotoFactory.Dashboard.Live;

/// <summary>
/// One aggregate shared by every open page and request, so that ten open tabs do not count a million rows ten
/// times every few seconds. Once a value exists nobody waits for it again: a value older than its maximum age is
/// still returned, and one refresh starts in the background (stale while revalidating). Only the very first read,
/// which <see cref="AggregateWarmup"/> makes at start, is waited for.
/// </summary>
public sealed class Cached<T>(TimeProvider time, ILogger<Cached<T>> logger)
    where T : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Entry? _current;
    private int _refreshing;

    /// <summary>The value, read by <paramref name="read"/> when none exists yet; a zero <paramref name="maxAge"/> reads every time.</summary>
    public async Task<T> GetAsync(Func<CancellationToken, Task<T>> read, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        if (maxAge <= TimeSpan.Zero)
        {
            return await read(cancellationToken);
        }

        if (_current is { } current)
        {
            if (time.GetUtcNow() - current.ReadAt >= maxAge && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
            {
                // Off the caller's (a circuit's) synchronisation context, and not cancelled when that caller goes.
                _ = Task.Run(() => RefreshAsync(read), CancellationToken.None);
            }

            return current.Value;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } readMeanwhile)
            {
                return readMeanwhile.Value;
            }

            var value = await read(cancellationToken);
            _current = new Entry(value, time.GetUtcNow());
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RefreshAsync(Func<CancellationToken, Task<T>> read)
    {
        try
        {
            var value = await read(CancellationToken.None);
            _current = new Entry(value, time.GetUtcNow());
        }
        catch (Exception ex)
        {
            // The last value stays; the pages' live reads of the same catalogue report the outage.
            Log.AggregateRefreshFailed(logger, typeof(T).Name, ex.Message);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private sealed record Entry(T Value, DateTimeOffset ReadAt);
}
