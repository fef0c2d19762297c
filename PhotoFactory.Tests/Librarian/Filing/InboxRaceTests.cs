using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PhotoFactory.Librarian.Cataloguing;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Catalog.Filing;
using PhotoFactory.Librarian.Filing;
using PhotoFactory.Librarian.Metadata;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Librarian.Release;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary>
/// The inbox is written by other machines while the Librarian works in it. A file renamed over the one being filed,
/// or a folder swapped for a link into the originals, at the instant the inbox copy is removed, leaves the originals
/// and the newcomer untouched; a photo or folder swapped for a link out of the inbox before it is read, copied or
/// quarantined is not followed, and recovery does not take a link's word; a file with hard links elsewhere is copied,
/// never linked or made read-only.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InboxRaceTests
{
    private static readonly DateTime Day = new(2019, 7, 4, 12, 0, 0);

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task A_file_renamed_over_the_source_just_before_its_removal_stays_in_the_inbox_and_is_filed_next(CatalogProvider provider)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        using var host = await FilingHost.CreateAsync(workspace);
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_1.JPG"), Day);
        var newer = await MediaFactory.JpegAsync(workspace.InData("newer.jpg"), Day.AddHours(1));
        host.Get<InboxCleaner>().BeforeRemoving = _ => File.Move(newer, workspace.InInbox("IMG_1.JPG"), overwrite: true);

        var first = await host.FileAsync("IMG_1.JPG");

        Assert.Equal(FilingOutcome.Placed, first.Outcome);
        Assert.Equal(["IMG_1.JPG"], LibrarianWorkspace.FilesUnder(workspace.Inbox));
        host.Get<InboxCleaner>().BeforeRemoving = null;
        // The claim, still open, is finished by recovery before the next pass: the newcomer is not what was filed.
        Assert.Equal(1, await host.Get<ClaimRecovery>().RecoverAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["IMG_1.JPG"], LibrarianWorkspace.FilesUnder(workspace.Inbox));
        Assert.Empty(await workspace.QueryAsync(db => db.IngestClaims.AsNoTracking()));

        var run = await workspace.IngestAsync();

        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
        Assert.Equal("placed", run.For("IMG_1.JPG").Outcome);
        Assert.Equal(["2019/2019-07-04/IMG_1.JPG", "2019/2019-07-04/IMG_1_1.JPG"], LibrarianWorkspace.FilesUnder(workspace.Originals));
        Assert.Equal(2, (await workspace.QueryAsync(db => db.MediaAssets.AsNoTracking())).Count);
    }

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task A_folder_swapped_for_a_link_into_the_originals_before_a_duplicates_removal_costs_no_stored_photo(CatalogProvider provider)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        using var host = await FilingHost.CreateAsync(workspace);
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_1.JPG"), Day);
        var stored = await host.FileAsync("IMG_1.JPG");
        var original = workspace.InOriginals(stored.Destination!);
        var bytes = await File.ReadAllBytesAsync(original, TestContext.Current.CancellationToken);
        // The same photo sent again, in a folder whose name is the stored photo's date folder's.
        Directory.CreateDirectory(workspace.InInbox("2019-07-04"));
        File.Copy(original, workspace.InInbox("2019-07-04/IMG_1.JPG"));
        var moved = workspace.InData("moved-away");
        host.Get<InboxCleaner>().BeforeRemoving = _ =>
        {
            SwapForLink(workspace, "2019-07-04", moved, Path.GetDirectoryName(original)!);
        };

        var again = await host.FileAsync("2019-07-04/IMG_1.JPG");

        Assert.Equal(FilingOutcome.Duplicate, again.Outcome);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(original, TestContext.Current.CancellationToken));
        Assert.Equal(["IMG_1.JPG"], LibrarianWorkspace.FilesUnder(moved));
    }

    [Theory]
    [InlineData(false)] // the photo itself becomes a link
    [InlineData(true)] // its folder does
    public async Task A_photo_or_its_folder_swapped_for_a_link_out_of_the_inbox_just_before_the_copy_is_neither_filed_nor_touched(bool folder)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        using var host = await FilingHost.CreateAsync(workspace);
        await MediaFactory.JpegAsync(workspace.InInbox("trip/IMG_1.JPG"), Day);
        var outside = await OutsideAsync(workspace, Day.AddHours(2));
        var stranger = Path.Combine(outside, "IMG_1.JPG");
        var strangerBytes = await File.ReadAllBytesAsync(stranger, TestContext.Current.CancellationToken);
        var moved = workspace.InData("moved");
        host.Get<Placement>().BeforeCopying = _ =>
        {
            if (folder)
            {
                SwapForLink(workspace, "trip", moved, outside);
            }
            else
            {
                Directory.CreateDirectory(moved);
                File.Move(workspace.InInbox("trip/IMG_1.JPG"), Path.Combine(moved, "IMG_1.JPG"));
                File.CreateSymbolicLink(workspace.InInbox("trip/IMG_1.JPG"), stranger);
            }
        };

        var result = await host.FileAsync("trip/IMG_1.JPG");

        Assert.Equal(FilingOutcome.Deferred, result.Outcome);
        Assert.Equal(InboxChangedException.Reason, result.Reason);
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Originals));
        Assert.Empty(await workspace.QueryAsync(db => db.IngestClaims.AsNoTracking()));
        Assert.Equal(strangerBytes, await File.ReadAllBytesAsync(stranger, TestContext.Current.CancellationToken));
        Assert.True(File.GetUnixFileMode(stranger).HasFlag(UnixFileMode.UserWrite));
        Assert.Equal("1", (await ProcessRun.SucceedAsync("stat", "-c", "%h", stranger)).Trim()); // no second name made
        Assert.Equal(["IMG_1.JPG"], LibrarianWorkspace.FilesUnder(moved));
    }

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task A_file_with_another_name_outside_the_inbox_is_copied_and_that_file_stays_writable(CatalogProvider provider)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        var outside = await MediaFactory.JpegAsync(workspace.InData("shared.jpg"), Day);
        var modeBefore = File.GetUnixFileMode(outside);
        await ProcessRun.SucceedAsync("ln", outside, workspace.InInbox("IMG_1.JPG"));

        var run = await workspace.IngestAsync();

        Assert.Equal("placed", run.For("IMG_1.JPG").Outcome);
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
        var original = workspace.InOriginals("2019/2019-07-04/IMG_1.JPG");
        Assert.Equal(modeBefore, File.GetUnixFileMode(outside));
        Assert.True(File.GetUnixFileMode(outside).HasFlag(UnixFileMode.UserWrite));
        Assert.False(File.GetUnixFileMode(original).HasFlag(UnixFileMode.UserWrite));
        Assert.NotEqual(await InodeAsync(outside), await InodeAsync(original));
        Assert.Equal(await File.ReadAllBytesAsync(outside, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(original, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_folder_that_is_a_link_while_the_photo_is_read_lends_it_no_date_even_when_it_is_a_folder_again_for_the_copy()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        using var host = await FilingHost.CreateAsync(workspace);
        await MediaFactory.JpegAsync(workspace.InInbox("trip/IMG_1.JPG"), Day);
        var outside = await OutsideAsync(workspace, new DateTime(2015, 1, 1, 9, 0, 0));
        var moved = workspace.InData("moved");
        // A link while the photo is read; the real folder again by the time it is copied.
        host.Get<UnitReader>().BeforeReading = _ => SwapForLink(workspace, "trip", moved, outside);
        host.Get<Placement>().BeforeCopying = _ =>
        {
            Directory.Delete(workspace.InInbox("trip"));
            Directory.Move(moved, workspace.InInbox("trip"));
        };

        var result = await host.FileAsync("trip/IMG_1.JPG");

        Assert.Equal(FilingOutcome.Deferred, result.Outcome);
        Assert.Equal(InboxChangedException.Reason, result.Reason);
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Originals));
        host.Get<UnitReader>().BeforeReading = null;
        host.Get<Placement>().BeforeCopying = null;
        Directory.Delete(workspace.InInbox("trip"));
        Directory.Move(moved, workspace.InInbox("trip"));

        // Met again with its folder real, it is filed on its own date.
        var again = await host.FileAsync("trip/IMG_1.JPG");
        Assert.Equal("2019/2019-07-04/IMG_1.JPG", again.Destination);
    }

    [Fact]
    public async Task A_dry_run_over_a_folder_swapped_for_a_link_reports_it_deferred_and_reads_nothing_outside()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        using var host = await FilingHost.CreateAsync(workspace);
        await MediaFactory.JpegAsync(workspace.InInbox("trip/IMG_1.JPG"), Day);
        var outside = await OutsideAsync(workspace, new DateTime(2015, 1, 1, 9, 0, 0));
        var unit = host.Unit("trip/IMG_1.JPG");
        SwapForLink(workspace, "trip", workspace.InData("moved"), outside);

        var result = await host.Get<FilingEngine>().FileAsync(unit, FilingMode.DryRun, partner: null, new FilingPlan(host.Layout), TestContext.Current.CancellationToken);

        Assert.Equal(FilingOutcome.Deferred, result.Outcome);
        Assert.Equal(InboxChangedException.Reason, result.Reason);
        Assert.Null(result.Destination);
    }

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task A_folder_swapped_for_a_link_just_before_a_bad_file_is_quarantined_moves_nothing_from_outside(CatalogProvider provider)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        using var host = await FilingHost.CreateAsync(workspace);
        Directory.CreateDirectory(workspace.InInbox("trip"));
        await File.WriteAllBytesAsync(workspace.InInbox("trip/IMG_1.JPG"), [], TestContext.Current.CancellationToken);
        var outside = await OutsideAsync(workspace, Day);
        var stranger = Path.Combine(outside, "IMG_1.JPG");
        var strangerBytes = await File.ReadAllBytesAsync(stranger, TestContext.Current.CancellationToken);
        var moved = workspace.InData("moved");
        host.Get<Quarantine>().BeforeMoving = _ => SwapForLink(workspace, "trip", moved, outside);

        var result = await host.FileAsync("trip/IMG_1.JPG");

        Assert.Equal(FilingOutcome.Deferred, result.Outcome);
        Assert.Equal(InboxChangedException.Reason, result.Reason);
        Assert.Equal(strangerBytes, await File.ReadAllBytesAsync(stranger, TestContext.Current.CancellationToken));
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Quarantine));
        Assert.Empty(await workspace.QueryAsync(db => db.IngestEvents.AsNoTracking()));
        Assert.Equal(["IMG_1.JPG"], LibrarianWorkspace.FilesUnder(moved));
    }

    [Fact]
    public async Task A_sidecar_gone_just_before_its_bad_photo_is_quarantined_does_not_leave_the_photo_there_unrecorded()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        using var host = await FilingHost.CreateAsync(workspace);
        Directory.CreateDirectory(workspace.InInbox("trip"));
        await File.WriteAllBytesAsync(workspace.InInbox("trip/IMG_1.JPG"), [], TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(workspace.InInbox("trip/IMG_1.JPG.xmp"), "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>", TestContext.Current.CancellationToken);
        host.Get<Quarantine>().BeforeMoving = _ => File.Delete(workspace.InInbox("trip/IMG_1.JPG.xmp"));

        var result = await host.FileAsync("trip/IMG_1.JPG");

        Assert.Equal(FilingOutcome.Quarantined, result.Outcome);
        Assert.Equal(["trip/IMG_1.JPG"], LibrarianWorkspace.FilesUnder(workspace.Quarantine));
        Assert.Single(await workspace.QueryAsync(db => db.IngestEvents.AsNoTracking()));
    }

    [Theory]
    [InlineData(CatalogProvider.Sqlite)]
    [InlineData(CatalogProvider.Postgres)]
    public async Task Recovery_never_removes_a_placed_photo_on_the_word_of_an_inbox_folder_that_became_a_link_to_it(CatalogProvider provider)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        using var host = await FilingHost.CreateAsync(workspace);
        // A Librarian on another host died with the photo placed but not yet catalogued; its inbox folder is now a link
        // to the folder the photo was placed in, so "the inbox file" reads back exactly as the placed one.
        var placed = workspace.InOriginals("2019/2019-07-04/IMG_1.JPG");
        Directory.CreateDirectory(Path.GetDirectoryName(placed)!);
        await MediaFactory.JpegAsync(placed, Day);
        var bytes = await File.ReadAllBytesAsync(placed, TestContext.Current.CancellationToken);
        Directory.CreateSymbolicLink(workspace.InInbox("trip"), Path.GetDirectoryName(placed)!);
        await using (var db = workspace.OpenCatalog())
        {
            db.IngestClaims.Add(new IngestClaim
            {
                SourcePath = "trip/IMG_1.JPG",
                Owner = "another-host:4242:1",
                ClaimedAt = DateTime.UtcNow.AddHours(-2),
                RenewedAt = DateTime.UtcNow.AddHours(-2),
                Stage = IngestClaimStage.Placing,
                Transfers = JsonSerializer.Serialize(new[] { new ClaimTransfer("trip/IMG_1.JPG", "2019/2019-07-04/.pf-IMG_1.JPG.tmp", "2019/2019-07-04/IMG_1.JPG") }),
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, await host.Get<ClaimRecovery>().RecoverAsync(TestContext.Current.CancellationToken));

        Assert.Equal(bytes, await File.ReadAllBytesAsync(placed, TestContext.Current.CancellationToken));
        Assert.Empty(await workspace.QueryAsync(db => db.IngestClaims.AsNoTracking()));
    }

    /// <summary>A folder outside the inbox holding another photo of the same name, taken at <paramref name="taken"/>.</summary>
    private static async Task<string> OutsideAsync(LibrarianWorkspace workspace, DateTime taken)
    {
        var outside = Directory.CreateDirectory(workspace.InData("elsewhere")).FullName;
        await MediaFactory.JpegAsync(Path.Combine(outside, "IMG_1.JPG"), taken);
        return outside;
    }

    /// <summary>Moves the inbox folder away to <paramref name="movedTo"/> and puts a link to <paramref name="target"/> in its place.</summary>
    private static void SwapForLink(LibrarianWorkspace workspace, string folder, string movedTo, string target)
    {
        Directory.Move(workspace.InInbox(folder), movedTo);
        Directory.CreateSymbolicLink(workspace.InInbox(folder), target);
    }

    private static async Task<long> InodeAsync(string path) =>
        long.Parse((await ProcessRun.SucceedAsync("stat", "-c", "%i", path)).Trim(), CultureInfo.InvariantCulture);
}
