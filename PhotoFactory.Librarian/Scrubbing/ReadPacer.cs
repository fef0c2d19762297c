namespace PhotoFactory.Librarian.Scrubbing;

/// <summary>
/// Keeps the scrub's reading at a set rate, with at most a second's burst, and holds it while filing runs so that
/// filing never shares the disk with it. Counts the bytes and the time spent reading (not the time held).
/// </summary>
internal sealed class ReadPacer(long bytesPerSecond, Func<bool> mustYield, TimeProvider time)
{
    private static readonly TimeSpan YieldPoll = TimeSpan.FromMilliseconds(250);

    private readonly long _started = time.GetTimestamp();
    private TimeSpan _held;
    private double _allowance = bytesPerSecond;
    private TimeSpan _lastRefill;

    /// <summary>No limit and no yielding: <c>verify</c> on the command line, run by hand.</summary>
    public static ReadPacer Unlimited(TimeProvider time) => new(long.MaxValue, () => false, time);

    public long BytesRead { get; private set; }

    /// <summary>Time since the pacer began, less the time it held for filing.</summary>
    public TimeSpan Reading => time.GetElapsedTime(_started) - _held;

    /// <summary>Waits until filing is idle, before the scrub opens the next file.</summary>
    public async Task YieldAsync(CancellationToken cancellationToken)
    {
        while (mustYield())
        {
            var from = time.GetTimestamp();
            await Task.Delay(YieldPoll, time, cancellationToken);
            _held += time.GetElapsedTime(from);
        }
    }

    /// <summary>Accounts for <paramref name="bytes"/> just read; waits as long as the rate asks, and while filing runs.</summary>
    public async Task ReadAsync(int bytes, CancellationToken cancellationToken)
    {
        BytesRead += bytes;
        if (bytesPerSecond != long.MaxValue)
        {
            Refill();
            _allowance -= bytes;
            if (_allowance < 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(-_allowance / bytesPerSecond), time, cancellationToken);
                Refill();
            }
        }

        await YieldAsync(cancellationToken);
    }

    private void Refill()
    {
        var now = Reading;
        _allowance = Math.Min(bytesPerSecond, _allowance + (now - _lastRefill).TotalSeconds * bytesPerSecond);
        _lastRefill = now;
    }
}
