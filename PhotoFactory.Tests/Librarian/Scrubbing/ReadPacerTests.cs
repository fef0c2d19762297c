using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Librarian.Scrubbing;

namespace PhotoFactory.Tests.Librarian.Scrubbing;

/// <summary>The scrub's reading gives way to filing and keeps to its rate, on a clock the test moves.</summary>
public sealed class ReadPacerTests
{
    private const long Rate = 1_000_000;

    [Fact]
    public async Task Reading_holds_while_files_are_filed_and_the_time_held_does_not_count_as_reading()
    {
        var time = new FakeTimeProvider();
        var filing = true;
        var pacer = new ReadPacer(Rate, () => Volatile.Read(ref filing), time);

        var read = pacer.ReadAsync(1000, TestContext.Current.CancellationToken);
        for (var i = 0; i < 40; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Yield();
        }

        Assert.False(read.IsCompleted, "the scrub read on while a file was being filed");
        Volatile.Write(ref filing, false);
        await AdvanceUntilAsync(time, read);

        Assert.Equal(1000, pacer.BytesRead);
        Assert.True(pacer.Reading < TimeSpan.FromSeconds(1), $"the ten seconds held were counted as reading ({pacer.Reading})");
    }

    [Fact]
    public async Task Reading_more_than_a_seconds_worth_waits_until_the_rate_allows_it()
    {
        var time = new FakeTimeProvider();
        var pacer = new ReadPacer(Rate, () => false, time);

        // A second's worth goes at once (the burst); the next two seconds' worth waits for the clock.
        await pacer.ReadAsync((int)Rate, TestContext.Current.CancellationToken);
        var more = pacer.ReadAsync((int)(2 * Rate), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(1.9));
        await Task.Yield();
        Assert.False(more.IsCompleted, "three seconds' worth was read in under two seconds");
        await AdvanceUntilAsync(time, more);

        Assert.InRange(pacer.Reading, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
    }

    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Task task)
    {
        for (var i = 0; i < 200 && !task.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }

        await task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }
}
