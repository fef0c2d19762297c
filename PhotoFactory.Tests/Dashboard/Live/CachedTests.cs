using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Dashboard.Live;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Dashboard.Live;

/// <summary>The shared aggregates: a page never waits for a slow recount once a value exists.</summary>
public sealed class CachedTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_stale_value_is_returned_at_once_while_one_recount_runs_behind_it()
    {
        var time = new FakeTimeProvider();
        var cached = new Cached<string>(time, NullLogger<Cached<string>>.Instance);
        var token = TestContext.Current.CancellationToken;
        Assert.Equal("first", await cached.GetAsync(_ => Task.FromResult("first"), MaxAge, token));

        time.Advance(MaxAge);
        var slowRecount = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var recounts = 0;
        Task<string> Recount(CancellationToken _)
        {
            Interlocked.Increment(ref recounts);
            return slowRecount.Task;
        }

        // Ten visitors while the recount is still running: all get the last value, and only one recount starts.
        for (var visitor = 0; visitor < 10; visitor++)
        {
            var read = cached.GetAsync(Recount, MaxAge, token);
            Assert.True(read.IsCompleted, "a visitor waited for the recount");
            Assert.Equal("first", await read);
        }

        await Eventually.HoldsAsync(() => Volatile.Read(ref recounts) == 1, "the recount to start");
        slowRecount.SetResult("second");
        await Eventually.HoldsAsync(
            async () => await cached.GetAsync(_ => Task.FromResult("unexpected"), MaxAge, token) == "second",
            "the recounted value to be served");
        Assert.Equal(1, Volatile.Read(ref recounts));
    }

    [Fact]
    public async Task A_failed_recount_keeps_the_last_value_and_the_next_visitor_tries_again()
    {
        var time = new FakeTimeProvider();
        var cached = new Cached<string>(time, NullLogger<Cached<string>>.Instance);
        var token = TestContext.Current.CancellationToken;
        await cached.GetAsync(_ => Task.FromResult("first"), MaxAge, token);
        time.Advance(MaxAge);

        var failed = new TaskCompletionSource();
        Assert.Equal("first", await cached.GetAsync(_ =>
        {
            failed.SetResult();
            return Task.FromException<string>(new InvalidOperationException("catalogue down"));
        }, MaxAge, token));
        await failed.Task.WaitAsync(token);

        await Eventually.HoldsAsync(
            async () => await cached.GetAsync(_ => Task.FromResult("after the outage"), MaxAge, token) == "after the outage",
            "a later recount to replace the last value");
    }
}
