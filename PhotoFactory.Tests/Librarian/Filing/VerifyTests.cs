using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary><c>verify</c> compares the catalogue with the originals and lists every difference.</summary>
public sealed class VerifyTests
{
    [Fact]
    public async Task Verify_agrees_after_filing_and_lists_each_missing_changed_and_uncatalogued_file()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_1.JPG"), new DateTime(2013, 1, 1, 1, 1, 1));
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_2.JPG"), new DateTime(2013, 1, 1, 2, 2, 2));
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_3.JPG"), new DateTime(2013, 1, 1, 3, 3, 3));
        await File.WriteAllTextAsync(workspace.InInbox("IMG_3.JPG.xmp"), "<x/>", TestContext.Current.CancellationToken);
        await workspace.IngestAsync();

        var clean = await workspace.VerifyAsync("--full");
        Assert.Equal(0, clean.Exit);

        File.SetAttributes(workspace.InOriginals("2013/2013-01-01/IMG_1.JPG"), FileAttributes.Normal);
        File.Delete(workspace.InOriginals("2013/2013-01-01/IMG_1.JPG"));
        var changed = workspace.InOriginals("2013/2013-01-01/IMG_2.JPG");
        File.SetAttributes(changed, FileAttributes.Normal);
        var bytes = await File.ReadAllBytesAsync(changed, TestContext.Current.CancellationToken);
        bytes[^3] ^= 0x55;
        await File.WriteAllBytesAsync(changed, bytes, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(workspace.InOriginals("2013/stray.jpg"), "x", TestContext.Current.CancellationToken);

        var quick = await workspace.VerifyAsync();
        var full = await workspace.VerifyAsync("--full");

        Assert.Equal(1, quick.Exit);
        Assert.Contains("missing: 2013/2013-01-01/IMG_1.JPG (expected ", quick.Output);
        Assert.Contains("not catalogued: 2013/stray.jpg (expected only catalogued files and their sidecars; found 1 bytes)", quick.Output);
        // Made writable to be changed: that much is seen without reading it; the change itself only with --full.
        Assert.Contains("writable: 2013/2013-01-01/IMG_2.JPG (expected read-only (r--r--r--); found rw", quick.Output);
        Assert.DoesNotContain("content changed", quick.Output);
        Assert.DoesNotContain("IMG_3", quick.Output);
        Assert.Contains("content changed: 2013/2013-01-01/IMG_2.JPG (expected SHA-256 ", full.Output);
        Assert.DoesNotContain("IMG_3", full.Output);
    }
}
