using System.Threading.Channels;

namespace PhotoFactory.Librarian.Watching;

/// <summary>
/// Wakes the Librarian when anything changes in the inbox. It only signals; the scan decides. An overflow
/// or watcher error also signals, so a full rescan follows.
/// </summary>
internal sealed class InboxWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public InboxWatcher(string inbox, Action<string> onTrouble)
    {
        _watcher = new FileSystemWatcher(inbox)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Created += (_, _) => Signal();
        _watcher.Changed += (_, _) => Signal();
        _watcher.Renamed += (_, _) => Signal();
        _watcher.Error += (_, e) =>
        {
            onTrouble(e.GetException().Message);
            Signal();
        };
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Waits for a change, or until <paramref name="timeout"/> passes; true when something changed.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var expiry = new CancellationTokenSource(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            await _signals.Reader.ReadAsync(either.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _watcher.Dispose();

    private void Signal() => _signals.Writer.TryWrite(true);
}
