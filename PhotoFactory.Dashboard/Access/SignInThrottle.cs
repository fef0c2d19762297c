using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace PhotoFactory.Dashboard.Access;

/// <summary>
/// Limits password attempts per client address (the proxy's client when a trusted proxy forwarded the request):
/// after <see cref="AccessOptions.MaxFailedAttempts"/> failures within <see cref="AccessOptions.FailureWindow"/> the
/// address is refused, even with the right password, until the oldest failure is out of the window.
/// </summary>
/// <remarks>
/// An attempt counts as failed from the moment it starts, so a burst of simultaneous guesses is limited as well as
/// a sequence; a successful sign-in clears the address's count.
/// </remarks>
public sealed class SignInThrottle(IOptions<AccessOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new();

    /// <summary>Counts an attempt from <paramref name="client"/>, or refuses it with how long to wait.</summary>
    public bool TryAttempt(IPAddress? client, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        ForgetIdleAddresses(now);
        var failures = _failures.GetOrAdd(Key(client), _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Forget(failures, now);
            if (failures.Count >= options.Value.MaxFailedAttempts)
            {
                retryAfter = failures.Peek() + options.Value.FailureWindow - now;
                return false;
            }

            failures.Enqueue(now);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    public void Succeeded(IPAddress? client) => _failures.TryRemove(Key(client), out _);

    /// <summary>Addresses that stopped trying are dropped, so a scan from many addresses does not grow this for ever.</summary>
    private void ForgetIdleAddresses(DateTimeOffset now)
    {
        foreach (var (address, failures) in _failures)
        {
            lock (failures)
            {
                Forget(failures, now);
                if (failures.Count == 0)
                {
                    _failures.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(address, failures));
                }
            }
        }
    }

    private void Forget(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + options.Value.FailureWindow <= now)
        {
            failures.Dequeue();
        }
    }

    private static string Key(IPAddress? client) =>
        (client is { IsIPv4MappedToIPv6: true } ? client.MapToIPv4() : client)?.ToString() ?? "unknown";
}
