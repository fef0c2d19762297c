using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary>
/// Folders the Librarian may not use are reported and passed over; the rest of the inbox is filed. The Librarian runs
/// here without the right to bypass file permissions (as it does in its container, under its own user; the suite
/// itself may run as root, which would bypass them).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnreadableInboxTests
{
    private static readonly DateTime Day = new(2019, 7, 4, 12, 0, 0);

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "cannot be read: ")] // listed, not entered
    [InlineData(UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute, "folder cannot be read: ")] // entered, not listed
    public async Task A_folder_that_may_not_be_entered_or_listed_is_reported_and_the_rest_is_filed(UnixFileMode locked, string reason)
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await MediaFactory.JpegAsync(workspace.InInbox("locked/IMG_2.JPG"), Day);
        await MediaFactory.JpegAsync(workspace.InInbox("open/IMG_1.JPG"), Day);
        File.SetUnixFileMode(Path.Combine(workspace.Inbox, "locked"), locked);
        try
        {
            string[] ingest = ["ingest", "--inbox", workspace.Inbox, "--originals", workspace.Originals, "--data", workspace.Data,
                "--quarantine", workspace.Quarantine, "--json"];
            await using var run = ProcessRun.Start("setpriv",
                ["--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search",
                    "dotnet", ServiceBinaries.PathOf("PhotoFactory.Librarian"), .. ingest],
                workspace.Environment());

            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromMinutes(5)));
            Assert.Contains("\"outcome\": \"placed\"", run.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("\"outcome\": \"ignored\"", run.StandardOutput, StringComparison.Ordinal);
            Assert.Contains(reason, run.StandardOutput, StringComparison.Ordinal);
            // The reason names the file by its own path, not by the open handle the scan reached it through.
            Assert.DoesNotContain("/proc/self/fd", run.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(["2019/2019-07-04/IMG_1.JPG"], LibrarianWorkspace.FilesUnder(workspace.Originals));
        }
        finally
        {
            File.SetUnixFileMode(Path.Combine(workspace.Inbox, "locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Assert.Equal(["locked/IMG_2.JPG"], LibrarianWorkspace.FilesUnder(workspace.Inbox));
    }
}
