using Microsoft.Extensions.Options;

namespace PhotoFactory.Dashboard.Live;

/// <summary>
/// One aggregate shared by every open page and reused for <see cref="DashboardOptions.AggregateRefreshInterval"/>,
/// so that ten open tabs do not count a million rows ten times every few seconds.
/// </summary>
public sealed class Cached<T>(IOptions<DashboardOptions> options, TimeProvider time)
    where T : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (T Value, DateTimeOffset ReadAt)? _current;

    public async Task<T> GetAsync(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } readMeanwhile)
            {
                return readMeanwhile;
            }

            var value = await read(cancellationToken);
            _current = (value, time.GetUtcNow());
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private T? Fresh() =>
        _current is { } current && time.GetUtcNow() - current.ReadAt < options.Value.AggregateRefreshInterval ? current.Value : null;
}
