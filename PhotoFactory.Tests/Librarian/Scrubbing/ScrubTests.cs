using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Integrity;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Scrubbing;

/// <summary>
/// The Librarian's scheduled scrub, run as the service runs it: it finds each kind of damage to the originals once,
/// resumes a pass cut short, agrees with <c>verify</c>, and never changes a file.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ScrubTests
{
    private const string Day = "2019/2019-06-06";

    [Theory]
    [CatalogProviders]
    public async Task A_pass_finds_a_flipped_byte_a_lost_file_a_stray_and_a_writable_file_once_each_and_changes_nothing(CatalogProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        // A sidecar is no stray: it is filed beside its photo.
        await File.WriteAllTextAsync(workspace.InInbox("IMG_0003.JPG.xmp"), "<x:xmpmeta/>", ct);
        await FileManyAsync(workspace, count: 6, padding: 1000);
        Assert.True(File.Exists(workspace.InOriginals($"{Day}/IMG_0003.JPG.xmp")));

        // Bit rot: one byte flips, the file keeps its size and stays read-only.
        var rotten = workspace.InOriginals($"{Day}/IMG_0001.JPG");
        File.SetUnixFileMode(rotten, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using (var stream = new FileStream(rotten, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = stream.Length - 10;
            var b = stream.ReadByte();
            stream.Position = stream.Length - 10;
            stream.WriteByte((byte)(b ^ 0x01));
        }

        File.SetUnixFileMode(rotten, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Delete(workspace.InOriginals($"{Day}/IMG_0002.JPG"));
        await File.WriteAllTextAsync(workspace.InOriginals($"{Day}/copied by hand.txt"), "a note someone left", ct);
        File.SetUnixFileMode(workspace.InOriginals($"{Day}/IMG_0004.JPG"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = Snapshot(workspace.Originals);

        await using (var librarian = StartService(workspace, ("Librarian__Scrub__Interval", "00:00:02")))
        {
            // Three passes: the findings of the first are seen again by the others, never recorded twice.
            await WaitForPassesAsync(workspace, librarian, 3);
        }

        var findings = await workspace.QueryAsync(db => db.ScrubFindings.AsNoTracking().OrderBy(f => f.Path).ThenBy(f => f.Kind));
        Assert.Equal(
            [
                (ScrubFindingKind.ContentChanged, $"{Day}/IMG_0001.JPG"),
                (ScrubFindingKind.Missing, $"{Day}/IMG_0002.JPG"),
                (ScrubFindingKind.Writable, $"{Day}/IMG_0004.JPG"),
                (ScrubFindingKind.Untracked, $"{Day}/copied by hand.txt"),
            ],
            findings.Select(f => (f.Kind, f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
        Assert.All(findings, f => Assert.Null(f.ResolvedAt));
        Assert.All(findings, f => Assert.True(f.LastSeenAt > f.FirstSeenAt, $"{f.Path} was not seen again by a later pass"));
        var rot = findings.Single(f => f.Kind == ScrubFindingKind.ContentChanged);
        Assert.NotEqual(rot.Expected.Split(' ')[^1], rot.Found.Split(' ')[^1]);
        Assert.Equal($"SHA-256 {Sha256(rotten)}", rot.Found);
        Assert.Equal("rw-r--r--", findings.Single(f => f.Kind == ScrubFindingKind.Writable).Found);
        Assert.Equal("19 bytes", findings.Single(f => f.Kind == ScrubFindingKind.Untracked).Found);

        // Proved: the good files (and not the damaged ones) carry when they were last read as filed.
        var proved = await workspace.QueryAsync(db => db.MediaAssets.Where(a => a.LastProvedAt != null).Select(a => a.OriginalName));
        Assert.Equal(["IMG_0000.JPG", "IMG_0003.JPG", "IMG_0004.JPG", "IMG_0005.JPG"], proved.Order(StringComparer.Ordinal));

        // Nothing was changed, moved or deleted: same files, same bytes, same permissions.
        Assert.Equal(before, Snapshot(workspace.Originals));

        // verify on the command line shares the engine and says the same.
        var verify = await workspace.VerifyAsync("--full");
        Assert.Equal(1, verify.Exit);
        var lines = verify.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            findings.Select(f => $"{ScrubFindingWords.Of(f.Kind)}: {f.Path} (expected {f.Expected}; found {f.Found})").Order(StringComparer.Ordinal),
            lines);

        // Put right by hand: the next pass resolves what it no longer finds, and the rest stays open.
        File.SetUnixFileMode(workspace.InOriginals($"{Day}/IMG_0004.JPG"), UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Delete(workspace.InOriginals($"{Day}/copied by hand.txt"));
        await using (var librarian = StartService(workspace, ("Librarian__Scrub__Interval", "00:00:02")))
        {
            await WaitForPassesAsync(workspace, librarian, 4);
        }

        var open = await workspace.QueryAsync(db => db.ScrubFindings.Where(f => f.ResolvedAt == null).Select(f => f.Kind));
        Assert.Equal([ScrubFindingKind.ContentChanged, ScrubFindingKind.Missing], open.Order());
        Assert.Equal(4, (await workspace.QueryAsync(db => db.ScrubFindings)).Count);
    }

    [Theory]
    [CatalogProviders]
    public async Task A_Librarian_killed_in_the_middle_of_a_pass_resumes_it_where_it_stopped(CatalogProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        // 48 files of about 256 KiB read at 1 MiB/s: a pass of some twelve seconds, in steps of four files.
        await FileManyAsync(workspace, count: 48, padding: 256 * 1024);
        var rotten = workspace.InOriginals($"{Day}/IMG_0040.JPG");
        File.SetUnixFileMode(rotten, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.AppendAllTextAsync(rotten, "!", ct);
        File.SetUnixFileMode(rotten, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = Snapshot(workspace.Originals);
        var slow = new (string, string?)[] { ("Librarian__Scrub__ReadBytesPerSecond", (1L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Librarian__Scrub__StepSize", "4") };

        long checkedWhenKilled;
        await using (var first = StartService(workspace, slow))
        {
            var pass = await Eventually.ReturnsAsync(
                () => CurrentPassAsync(workspace), p => p is { AssetsChecked: >= 12 }, "the first Librarian checks a dozen files", TimeSpan.FromMinutes(2));
            first.Kill();
            checkedWhenKilled = (await CurrentPassAsync(workspace))!.AssetsChecked;
            Assert.True(checkedWhenKilled < 48, "the pass finished before the Librarian could be killed in the middle of it");
        }

        await using (var second = StartService(workspace, slow))
        {
            await WaitForPassesAsync(workspace, second, 1);
            Assert.Contains($"resumes after asset", second.StandardOutput + second.StandardError, StringComparison.Ordinal);
        }

        var passes = await workspace.QueryAsync(db => db.ScrubPasses.AsNoTracking());
        var only = Assert.Single(passes);
        // Resumed, not begun again: every file counted once, none twice.
        Assert.Equal(48, only.AssetsTotal);
        Assert.Equal(48, only.AssetsChecked);
        Assert.Equal(1, only.Findings);
        var finding = Assert.Single(await workspace.QueryAsync(db => db.ScrubFindings));
        Assert.Equal((ScrubFindingKind.SizeChanged, $"{Day}/IMG_0040.JPG"), (finding.Kind, finding.Path));
        Assert.Equal(47, (await workspace.QueryAsync(db => db.MediaAssets.Where(a => a.LastProvedAt != null))).Count);
        Assert.Equal(before, Snapshot(workspace.Originals));
    }

    [Theory]
    [CatalogProviders]
    public async Task A_folder_the_Librarian_cannot_list_is_a_finding_and_the_pass_goes_on_past_it(CatalogProvider provider)
    {
        const string Later = "2020/2020-02-02";
        const string Stray = "2021/2021-01-01/left here.txt";
        var ct = TestContext.Current.CancellationToken;
        await using var workspace = await LibrarianWorkspace.CreateAsync(provider);
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_LATER.JPG"), new DateTime(2020, 2, 2, 12, 0, 0));
        await FileManyAsync(workspace, count: 3, padding: 1000);
        Directory.CreateDirectory(Path.GetDirectoryName(workspace.InOriginals(Stray))!);
        await File.WriteAllTextAsync(workspace.InOriginals(Stray), "a note someone left", ct);
        var before = Snapshot(workspace.Originals);
        // Permissions changed by hand, as on a NAS share copied into by another user: one folder shut entirely, one that
        // may be entered but not listed. The stray lies in a folder walked after both.
        var day = workspace.InOriginals(Day);
        var later = workspace.InOriginals(Later);
        var (dayMode, laterMode) = (File.GetUnixFileMode(day), File.GetUnixFileMode(later));
        File.SetUnixFileMode(day, UnixFileMode.None);
        File.SetUnixFileMode(later, UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        try
        {
            await using (var librarian = StartService(workspace, heldToPermissions: true, ("Librarian__Scrub__Interval", "00:00:02")))
            {
                await WaitForPassesAsync(workspace, librarian, 2);
            }

            var findings = await workspace.QueryAsync(db => db.ScrubFindings.AsNoTracking());
            Assert.Equal(
                [
                    (ScrubFindingKind.Unlistable, Day, "unreadable: permission denied"),
                    (ScrubFindingKind.ContentChanged, $"{Day}/IMG_0000.JPG", "unreadable: permission denied"),
                    (ScrubFindingKind.ContentChanged, $"{Day}/IMG_0001.JPG", "unreadable: permission denied"),
                    (ScrubFindingKind.ContentChanged, $"{Day}/IMG_0002.JPG", "unreadable: permission denied"),
                    (ScrubFindingKind.Unlistable, Later, "unreadable: permission denied"),
                    (ScrubFindingKind.Untracked, Stray, "19 bytes"),
                ],
                findings.Select(f => (f.Kind, f.Path, f.Found)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
            Assert.All(findings, f => Assert.Null(f.ResolvedAt));
            Assert.Equal("a folder the Librarian can list", findings.First(f => f.Kind == ScrubFindingKind.Unlistable).Expected);
            // The folder that may be entered still has its photo proved.
            Assert.Equal(["IMG_LATER.JPG"], await workspace.QueryAsync(db => db.MediaAssets.Where(a => a.LastProvedAt != null).Select(a => a.OriginalName)));

            var verify = await workspace.VerifyAsync("--full");
            Assert.Equal(1, verify.Exit);
            Assert.Equal(
                findings.Select(f => $"{ScrubFindingWords.Of(f.Kind)}: {f.Path} (expected {f.Expected}; found {f.Found})").Order(StringComparer.Ordinal),
                verify.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        }
        finally
        {
            File.SetUnixFileMode(day, dayMode);
            File.SetUnixFileMode(later, laterMode);
        }

        // Permissions put back and the stray removed: the next pass resolves everything and proves every photo.
        File.Delete(workspace.InOriginals(Stray));
        await using (var librarian = StartService(workspace, heldToPermissions: true, ("Librarian__Scrub__Interval", "00:00:02")))
        {
            await WaitForPassesAsync(workspace, librarian, 3);
        }

        Assert.Empty(await workspace.QueryAsync(db => db.ScrubFindings.Where(f => f.ResolvedAt == null)));
        Assert.Equal(4, (await workspace.QueryAsync(db => db.MediaAssets.Where(a => a.LastProvedAt != null))).Count);
        Assert.Equal(before.Where(f => !f.StartsWith(Stray, StringComparison.Ordinal)), Snapshot(workspace.Originals));
    }

    /// <summary>Files <paramref name="count"/> distinct photos of one day, each a JPEG with its own padding after the picture.</summary>
    private static async Task FileManyAsync(LibrarianWorkspace workspace, int count, int padding)
    {
        var ct = TestContext.Current.CancellationToken;
        var template = await MediaFactory.JpegAsync(workspace.InData("template.jpg"), new DateTime(2019, 6, 6, 12, 0, 0));
        var picture = await File.ReadAllBytesAsync(template, ct);
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[picture.Length + padding];
            picture.CopyTo(bytes, 0);
            new Random(i).NextBytes(bytes.AsSpan(picture.Length));
            await File.WriteAllBytesAsync(workspace.InInbox($"IMG_{i:0000}.JPG"), bytes, ct);
        }

        var run = await workspace.IngestAsync();
        Assert.True(run.Exit == 0, run.Error);
    }

    private static ProcessRun StartService(LibrarianWorkspace workspace, params (string Key, string? Value)[] settings) =>
        StartService(workspace, heldToPermissions: false, settings);

    private static ProcessRun StartService(LibrarianWorkspace workspace, bool heldToPermissions, params (string Key, string? Value)[] settings)
    {
        var environment = workspace.Environment(
        [
            ("ASPNETCORE_URLS", $"http://127.0.0.1:{FreePort.Next()}"),
            ("Librarian__SettleWindow", "00:00:01"),
            ("Librarian__Scrub__ReadBytesPerSecond", (64L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            .. settings,
        ]);
        return heldToPermissions
            ? ProcessRun.StartServiceHeldToPermissions("PhotoFactory.Librarian", [], environment)
            : ProcessRun.StartService("PhotoFactory.Librarian", [], environment);
    }

    private static async Task WaitForPassesAsync(LibrarianWorkspace workspace, ProcessRun librarian, int completed) =>
        await Eventually.HoldsAsync(
            async () => librarian.HasExited
                ? throw new Xunit.Sdk.XunitException($"the Librarian stopped:\n{librarian.StandardError}")
                : (await workspace.QueryAsync(db => db.ScrubPasses.Where(p => p.CompletedAt != null))).Count >= completed,
            () => $"{completed} scrub pass(es) complete\n{librarian.StandardOutput}",
            TimeSpan.FromMinutes(3));

    private static async Task<ScrubPass?> CurrentPassAsync(LibrarianWorkspace workspace) =>
        (await workspace.QueryAsync(db => db.ScrubPasses.AsNoTracking().Where(p => p.CompletedAt == null))).SingleOrDefault();

    /// <summary>Every file under the folder with its SHA-256 and permissions.</summary>
    private static List<string> Snapshot(string folder) =>
        [.. LibrarianWorkspace.FilesUnder(folder).Select(path =>
        {
            var full = Path.Combine(folder, path);
            return $"{path} {Sha256(full)} {File.GetUnixFileMode(full)}";
        })];

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
