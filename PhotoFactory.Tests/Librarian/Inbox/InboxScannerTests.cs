using PhotoFactory.Librarian.Inbox;

namespace PhotoFactory.Tests.Librarian.Inbox;

/// <summary>Walking an inbox that other Librarians empty at the same time.</summary>
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

    private List<string> Scan(string onMeeting, Action then)
    {
        var met = new List<string>();
        foreach (var entry in InboxScanner.Scan(_inbox.FullName))
        {
            met.Add(entry.RelativePath);
            if (entry.RelativePath == onMeeting)
            {
                then();
            }
        }

        return met;
    }
}
