using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Librarian.Cataloguing;

/// <summary>
/// Group commit for filing's catalogue writes. Every worker's small write (a claim, an asset with the end of its
/// claim) joins whatever batch is forming, and a batch commits as one transaction with one <c>SaveChanges</c>
/// (see <see cref="CatalogueBatch"/>): one commit for many files instead of one or more per file, and one writer
/// instead of many contending for SQLite's lock. A write's task completes only after its batch committed. If any
/// write in a batch fails, the batch is rolled back and its writes run again one by one, each in its own
/// transaction, so every caller gets exactly its own outcome.
/// </summary>
internal sealed class CatalogueWriter(IDbContextFactory<CatalogDbContext> contexts) : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<IPendingWrite> _queue = Channel.CreateUnbounded<IPendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private Task? _loop;

    /// <summary>
    /// Runs <paramref name="write"/> (which must not catch database errors) in the next batch. Its result is
    /// only handed over once the batch committed; rows it added may still fail then, failing the write.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<CatalogueBatch, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _loop ??= Task.Run(RunAsync);
        }

        var pending = new PendingWrite<T>(write);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(CatalogueWriter));
        }

        // A caller that gives up does not undo the write: it still commits with its batch.
        return pending.Completion.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<IPendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 1 || !await TryCommitTogetherAsync(batch))
            {
                foreach (var write in batch)
                {
                    await CommitAloneAsync(write);
                }
            }
        }
    }

    private async Task<bool> TryCommitTogetherAsync(List<IPendingWrite> batch)
    {
        try
        {
            await RunInOneTransactionAsync(batch);
        }
        catch (Exception)
        {
            // Someone's write failed (or the catalogue did): nothing of this batch was kept; try each alone.
            return false;
        }

        foreach (var write in batch)
        {
            write.Committed();
        }

        return true;
    }

    private async Task CommitAloneAsync(IPendingWrite write)
    {
        try
        {
            await RunInOneTransactionAsync([write]);
            write.Committed();
        }
        catch (Exception ex)
        {
            write.Failed(ex);
        }
    }

    private async Task RunInOneTransactionAsync(List<IPendingWrite> writes)
    {
        await using var db = await contexts.CreateDbContextAsync();
        // Writes only add rows; nothing tracked changes, so saving need not look for changes.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync();
        var batch = new CatalogueBatch(db, transaction.GetDbTransaction());
        try
        {
            foreach (var write in writes)
            {
                await write.RunAsync(batch);
            }

            await batch.CommitAsync(CancellationToken.None);
        }
        finally
        {
            await batch.DisposeCommandsAsync();
        }
    }

    private interface IPendingWrite
    {
        Task RunAsync(CatalogueBatch batch);

        void Committed();

        void Failed(Exception exception);
    }

    private sealed class PendingWrite<T>(Func<CatalogueBatch, CancellationToken, Task<T>> write) : IPendingWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Completion => _completion.Task;

        public async Task RunAsync(CatalogueBatch batch) => _result = await write(batch, CancellationToken.None);

        public void Committed() => _completion.TrySetResult(_result!);

        public void Failed(Exception exception) => _completion.TrySetException(exception);
    }
}
