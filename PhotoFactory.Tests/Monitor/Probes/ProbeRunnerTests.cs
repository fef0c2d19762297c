using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor.Probes;

/// <summary>
/// Stopping the Monitor while a check is under way: the check is cancelled and waited for, so that nothing of a stopped
/// Monitor still reads the catalogue (a CI run caught a SQLite query of the originals check running on after the
/// Monitor had stopped, into a catalogue already being deleted).
/// </summary>
public sealed class ProbeRunnerTests
{
    [Fact]
    public async Task A_check_under_way_that_ignores_cancellation_has_ended_when_the_monitor_has_stopped()
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Sqlite);
        var probe = new StubbornProbe(TimeSpan.FromSeconds(30));
        var monitor = await MonitorHost.StartAsync(catalog, null, services => services.AddSingleton<IProbe>(probe));
        await using (monitor)
        {
            await Eventually.HoldsAsync(() => probe.Started, "the check has begun");
            // Like a query being compiled or run: it carries on for a while after it is cancelled.
            probe.EndAfterCancellation(TimeSpan.FromSeconds(1));
        }

        Assert.True(probe.Cancelled, "the check was cancelled when the Monitor stopped");
        Assert.True(probe.Ended, "the check had ended before the Monitor said it had stopped");
        Assert.DoesNotContain(monitor.Logs.At(LogLevel.Warning), e => e.Message.Contains("still running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_check_that_never_ends_holds_the_stop_no_longer_than_its_timeout_and_is_named_in_the_log()
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Sqlite);
        var probe = new StubbornProbe(TimeSpan.FromSeconds(2));
        var monitor = await MonitorHost.StartAsync(catalog, null, services => services.AddSingleton<IProbe>(probe));
        try
        {
            await using (monitor)
            {
                await Eventually.HoldsAsync(() => probe.Started, "the check has begun");
            }

            Assert.False(probe.Ended);
            Assert.Contains(monitor.Logs.At(LogLevel.Warning), e =>
                e.Message == "Stopping with stubborn check(s) still running 2 s after they were cancelled; left to end on their own");
        }
        finally
        {
            probe.EndAfterCancellation(TimeSpan.Zero);
        }
    }

    /// <summary>A check that blocks its thread, deaf to cancellation, until told how long after cancellation to end.</summary>
    private sealed class StubbornProbe(TimeSpan timeout) : IProbe
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TimeSpan _afterCancellation;
        private volatile bool _cancelled;
        private volatile bool _ended;

        public IReadOnlyList<string> Names { get; } = ["stubborn"];

        public string Kind => "stubborn";

        public ProbeOptions Timing { get; } = new Options { Interval = TimeSpan.FromHours(1), Timeout = timeout };

        public bool Started => _started.Task.IsCompleted;

        public bool Cancelled => _cancelled;

        public bool Ended => _ended;

        public void EndAfterCancellation(TimeSpan delay)
        {
            _afterCancellation = delay;
            _release.Set();
        }

        public Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            _release.Wait(TestContext.Current.CancellationToken);
            try
            {
                Task.Delay(Timeout.Infinite, cancellationToken).Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            }
            catch (AggregateException)
            {
            }

            _cancelled = cancellationToken.IsCancellationRequested;
            Thread.Sleep(_afterCancellation);
            _ended = true;
            return Task.FromResult<IReadOnlyList<CheckResult>>([new CheckResult("stubborn", Kind, ServiceState.Ok, "done")]);
        }

        private sealed class Options : ProbeOptions;
    }
}
