using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using PhotoFactory.Librarian;
using PhotoFactory.Librarian.Cataloguing;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Tests.Catalog;

namespace PhotoFactory.Tests.Librarian.Cataloguing;

/// <summary>
/// Claims go through the group commit (<see cref="CatalogueWriter"/>): many files' claims share one transaction,
/// and each caller still gets exactly its own answer.
/// </summary>
public sealed class ClaimJournalTests
{
    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task Claims_made_together_commit_together_and_a_file_claimed_twice_is_refused_once(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var commits = new CommitCounter();
        await using var writer = new CatalogueWriter(catalog.Contexts(commits));
        var journal = new ClaimJournal(catalog.Contexts(), writer, TimeProvider.System);

        var paths = Enumerable.Range(0, 60).Select(i => $"inbox/IMG_{i:0000}.JPG").ToList();
        var claims = paths.Append(paths[7]).Select(path => journal.TryClaimAsync(path, Transfers(path), TestContext.Current.CancellationToken)).ToList();
        var answers = await Task.WhenAll(claims);

        Assert.Equal(60, answers.Count(claimed => claimed));
        Assert.False(answers[^1] && answers[7], "the same file was claimed twice");
        await using var db = catalog.CreateContext();
        var rows = await db.IngestClaims.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(paths.Order(), rows.Select(r => r.SourcePath).Order());
        Assert.Equal(Transfers(paths[3]), ClaimJournal.Read(rows.Single(r => r.SourcePath == paths[3])));
        // 61 claims, far fewer commits: they were written in batches.
        Assert.True(commits.Count < 30, $"{commits.Count} commits for 61 claims");
    }

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task A_write_that_fails_fails_alone_and_the_claims_batched_with_it_are_kept(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await using var writer = new CatalogueWriter(catalog.Contexts());
        var journal = new ClaimJournal(catalog.Contexts(), writer, TimeProvider.System);

        var before = Enumerable.Range(0, 20).Select(i => journal.TryClaimAsync($"a/{i}.JPG", Transfers($"a/{i}.JPG"), TestContext.Current.CancellationToken)).ToList();
        var failing = writer.WriteAsync<int>((_, _) => throw new InvalidOperationException("this write is broken"), TestContext.Current.CancellationToken);
        var after = Enumerable.Range(0, 20).Select(i => journal.TryClaimAsync($"b/{i}.JPG", Transfers($"b/{i}.JPG"), TestContext.Current.CancellationToken)).ToList();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("this write is broken", error.Message);
        Assert.All(await Task.WhenAll(before.Concat(after)), Assert.True);
        await using var db = catalog.CreateContext();
        Assert.Equal(40, await db.IngestClaims.CountAsync(TestContext.Current.CancellationToken));

        // Ending a claim frees the file for the next claim.
        await journal.ReleaseAsync("a/3.JPG", TestContext.Current.CancellationToken);
        Assert.True(await journal.TryClaimAsync("a/3.JPG", Transfers("a/3.JPG"), TestContext.Current.CancellationToken));
        Assert.False(await journal.TryClaimAsync("a/4.JPG", Transfers("a/4.JPG"), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task A_claim_held_three_leases_long_stays_fresh_while_it_is_renewed_and_expires_once_renewal_stops(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await using var writer = new CatalogueWriter(catalog.Contexts());
        var lease = TimeSpan.FromSeconds(3);
        var journal = new ClaimJournal(catalog.Contexts(), writer, TimeProvider.System, Options.Create(new LibrarianOptions { ClaimLease = lease }));
        Assert.True(await journal.TryClaimAsync("big.mov", Transfers("big.mov"), TestContext.Current.CancellationToken));
        var claimedAt = await RenewedAtAsync(catalog, "big.mov");

        // Held three leases long, as a long copy would hold it, renewed every second.
        await using (journal.KeepRenewed("big.mov"))
        {
            await Task.Delay(lease * 3, TestContext.Current.CancellationToken);
            var renewed = await RenewedAtAsync(catalog, "big.mov");
            Assert.True(renewed > DateTime.UtcNow - lease, $"renewed at {renewed:O}, claimed at {claimedAt:O}: another Librarian would take it over");
        }

        // Once its filing ends, renewal stops with it: left behind, the claim would expire.
        var last = await RenewedAtAsync(catalog, "big.mov");
        await Task.Delay(lease / 2, TestContext.Current.CancellationToken);
        Assert.Equal(last, await RenewedAtAsync(catalog, "big.mov"));
    }

    private static async Task<DateTime> RenewedAtAsync(TestCatalog catalog, string sourcePath)
    {
        await using var db = catalog.CreateContext();
        return (await db.IngestClaims.AsNoTracking().SingleAsync(c => c.SourcePath == sourcePath, TestContext.Current.CancellationToken)).RenewedAt;
    }

    private static List<ClaimTransfer> Transfers(string source) =>
        [new(source, $"2020/2020-01-01/.pf-{Path.GetFileNameWithoutExtension(source)}.tmp", $"2020/2020-01-01/{Path.GetFileName(source)}")];

    private sealed class CommitCounter : DbTransactionInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }

        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Interlocked.Increment(ref _count);
    }
}
