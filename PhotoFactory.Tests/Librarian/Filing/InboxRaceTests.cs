using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PhotoFactory.Librarian.Cataloguing;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Filing;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Librarian.Release;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary>
/// The inbox is written by other machines while the Librarian works in it. A file renamed over the one being filed,
/// or a folder swapped for a link into the originals, at the instant the inbox copy is removed, leaves the originals
/// and the newcomer untouched; a photo or folder swapped for a link out of the inbox before the copy is not followed; a file with hard links elsewhere is copied, never linked or made read-only.
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
            Directory.Move(workspace.InInbox("2019-07-04"), moved);
            Directory.CreateSymbolicLink(workspace.InInbox("2019-07-04"), Path.GetDirectoryName(original)!);
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
        var outside = Directory.CreateDirectory(workspace.InData("elsewhere")).FullName;
        var stranger = await MediaFactory.JpegAsync(Path.Combine(outside, "IMG_1.JPG"), Day.AddHours(2));
        var strangerBytes = await File.ReadAllBytesAsync(stranger, TestContext.Current.CancellationToken);
        var moved = workspace.InData("moved");
        host.Get<Placement>().BeforeCopying = _ =>
        {
            if (folder)
            {
                Directory.Move(workspace.InInbox("trip"), moved);
                Directory.CreateSymbolicLink(workspace.InInbox("trip"), outside);
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
        Assert.Equal("it, or a folder on its path, became a link after the scan; links are never followed", result.Reason);
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Originals));
        Assert.Empty(await workspace.QueryAsync(db => db.IngestClaims.AsNoTracking()));
        Assert.Equal(strangerBytes, await File.ReadAllBytesAsync(stranger, TestContext.Current.CancellationToken));
        Assert.True(File.GetUnixFileMode(stranger).HasFlag(UnixFileMode.UserWrite));
        Assert.Equal("1", (await RunAsync("stat", "-c", "%h", stranger)).Trim()); // no second name made
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
        await RunAsync("ln", outside, workspace.InInbox("IMG_1.JPG"));

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

    private static async Task<long> InodeAsync(string path) =>
        long.Parse((await RunAsync("stat", "-c", "%i", path)).Trim(), CultureInfo.InvariantCulture);

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)}");
        return output;
    }
}
