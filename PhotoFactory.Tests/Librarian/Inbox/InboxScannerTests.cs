using PhotoFactory.Librarian.Inbox;

namespace PhotoFactory.Tests.Librarian.Inbox;

/// <summary>Walking an inbox that other Librarians empty, and others change, at the same time.</summary>
public sealed class InboxScannerTests : IDisposable
{
    private readonly DirectoryInfo _inbox = Directory.CreateTempSubdirectory("pf-scan-");

    [Fact]
    public void A_file_filed_by_another_Librarian_during_the_scan_is_passed_over_and_the_scan_goes_on()
    {
        Write("phone/a.jpg", "phone/b.jpg", "phone/c.jpg");

        var met = Scan(onMeeting: "phone/a.jpg", then: () => File.Delete(Path.Combine(_inbox.FullName, "phone/b.jpg")));

        Assert.Equal(["phone/a.jpg", "phone/c.jpg"], met);
    }

    [Fact]
    public void A_folder_emptied_and_removed_by_another_Librarian_during_the_scan_is_not_reported_unreadable()
    {
        Write("phone/a.jpg", "phone/later/b.jpg");

        var met = Scan(onMeeting: "phone/a.jpg", then: () => Directory.Delete(Path.Combine(_inbox.FullName, "phone/later"), recursive: true));

        Assert.Equal(["phone/a.jpg"], met);
    }

    [Fact]
    public void A_folder_swapped_for_a_link_after_it_was_met_is_reported_as_a_link_and_nothing_behind_it_is_listed()
    {
        Write("phone/later/b.jpg", "phone/z.jpg");
        var outside = Directory.CreateTempSubdirectory("pf-scan-outside-");
        try
        {
            var elsewhere = Directory.CreateDirectory(Path.Combine(outside.FullName, "elsewhere")).FullName;
            File.WriteAllBytes(Path.Combine(elsewhere, "stranger.jpg"), [4, 5, 6]);
            var later = Path.Combine(_inbox.FullName, "phone", "later");

            // "later" is met (and left to walk) before "z.jpg"; it becomes a link before it is listed.
            var met = Scan(onMeeting: "phone/z.jpg", then: () =>
            {
                Directory.Move(later, Path.Combine(outside.FullName, "moved"));
                Directory.CreateSymbolicLink(later, elsewhere);
            }, out var entries);

            Assert.Equal(["phone/z.jpg", "phone/later/"], met);
            Assert.Equal("symbolic link (never followed)", entries[1].IgnoreReason);
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    public void Dispose() => _inbox.Delete(recursive: true);

    private void Write(params string[] paths)
    {
        foreach (var path in paths)
        {
            var full = Path.Combine(_inbox.FullName, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, [1, 2, 3]);
        }
    }

    private List<string> Scan(string onMeeting, Action then) => Scan(onMeeting, then, out _);

    private List<string> Scan(string onMeeting, Action then, out List<InboxEntry> entries)
    {
        var met = new List<string>();
        entries = [];
        foreach (var entry in InboxScanner.Scan(_inbox.FullName))
        {
            entries.Add(entry);
            met.Add(entry.RelativePath);
            if (entry.RelativePath == onMeeting)
            {
                then();
            }
        }

        return met;
    }
}
