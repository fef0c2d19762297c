namespace PhotoFactory.Tests.Infrastructure;

/// <summary>Waits, in real time, for something a background service does on its own thread.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test naming <paramref name="what"/> if it never does.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(condition, () => what, timeout);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds; fails the test with <paramref name="what"/> as it reads after
    /// the last poll, so that a message showing what was seen shows the last state, not the first.
    /// </summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what()}.");
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Reads <paramref name="read"/> until what it returns satisfies <paramref name="holds"/>, and returns that; fails
    /// naming <paramref name="what"/> and the last value read if it never does.
    /// </summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> read, Func<T, bool> holds, string what, TimeSpan? timeout = null)
    {
        var last = default(T);
        await HoldsAsync(async () => holds(last = await read()), () => $"{what} (last read: {last})", timeout);
        return last!;
    }

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, string, TimeSpan?)"/>
    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, timeout);

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, Func{string}, TimeSpan?)"/>
    public static Task HoldsAsync(Func<bool> condition, Func<string> what, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds three times in a row, half a second apart: for a service that
    /// answers as asked at once and restarts a moment later (Syncthing after new GUI settings).
    /// </summary>
    public static Task HoldsSteadilyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                if (!await condition())
                {
                    return false;
                }

                await Task.Delay(500, TestContext.Current.CancellationToken);
            }

            return true;
        }, what, timeout);
}
