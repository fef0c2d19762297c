using System.Text;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Filing;

/// <summary>A name at the file system's limit still gets a free name beside another of the same: shortened, never refused.</summary>
public sealed class NameLimitTests
{
    [Fact]
    public async Task Two_photos_with_the_same_255_byte_name_and_date_are_both_filed_the_second_with_its_stem_shortened_before_the_suffix()
    {
        await using var workspace = await LibrarianWorkspace.CreateAsync();
        // 255 bytes of UTF-8 with two-byte letters, so a cut that splits a character would show.
        var name = new string('é', 125) + "x.JPG";
        Assert.Equal(255, Encoding.UTF8.GetByteCount(name));
        var taken = new DateTime(2019, 7, 1, 9, 0, 0);
        // Made under short names (exiftool's temporary file adds to the name), then given the long one.
        File.Move(await MediaFactory.JpegAsync(workspace.InInbox("phone/a.JPG"), taken), workspace.InInbox($"phone/{name}"));
        File.Move(await MediaFactory.JpegAsync(workspace.InInbox("laptop/b.JPG"), taken, tags: ["-ImageDescription=the other one"]), workspace.InInbox($"laptop/{name}"));
        await MediaFactory.JpegAsync(workspace.InInbox("IMG_9.JPG"), taken, tags: ["-ImageDescription=a third one"]);

        var run = await workspace.IngestAsync();

        Assert.Equal(0, run.Exit);
        Assert.All(run.Report, entry => Assert.Equal("placed", entry.Outcome));
        Assert.Empty(LibrarianWorkspace.FilesUnder(workspace.Inbox));
        var filed = LibrarianWorkspace.FilesUnder(workspace.InOriginals("2019/2019-07-01"));
        Assert.Equal(3, filed.Count);
        Assert.Contains(name, filed);
        Assert.Contains(new string('é', 124) + "_1.JPG", filed);
        Assert.All(filed, file => Assert.True(Encoding.UTF8.GetByteCount(file) <= 255, file));
    }
}
