using PhotoFactory.Catalog.Assets;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Tests.Librarian.Planning;

/// <summary>Which extensions the Librarian files as media.</summary>
public sealed class MediaTypesTests
{
    [Theory]
    [InlineData("a.jpg", MediaKind.Photo)]
    [InlineData("A.JPEG", MediaKind.Photo)]
    [InlineData("a.png", MediaKind.Photo)]
    [InlineData("a.gif", MediaKind.Photo)]
    [InlineData("a.webp", MediaKind.Photo)]
    [InlineData("a.HEIC", MediaKind.Photo)]
    [InlineData("a.heif", MediaKind.Photo)]
    [InlineData("a.avif", MediaKind.Photo)]
    [InlineData("a.tif", MediaKind.Photo)]
    [InlineData("a.TIFF", MediaKind.Photo)]
    [InlineData("a.cr2", MediaKind.Raw)]
    [InlineData("a.CR3", MediaKind.Raw)]
    [InlineData("a.nef", MediaKind.Raw)]
    [InlineData("a.arw", MediaKind.Raw)]
    [InlineData("a.dng", MediaKind.Raw)]
    [InlineData("a.raf", MediaKind.Raw)]
    [InlineData("a.orf", MediaKind.Raw)]
    [InlineData("a.rw2", MediaKind.Raw)]
    [InlineData("a.mp4", MediaKind.Video)]
    [InlineData("a.MOV", MediaKind.Video)]
    [InlineData("a.m4v", MediaKind.Video)]
    [InlineData("a.avi", MediaKind.Video)]
    [InlineData("a.mkv", MediaKind.Video)]
    [InlineData("a.3gp", MediaKind.Video)]
    [InlineData("a.MTS", MediaKind.Video)]
    [InlineData("a.m2ts", MediaKind.Video)]
    public void Media_extensions_have_their_kind(string name, MediaKind kind)
    {
        Assert.True(MediaTypes.IsMedia(name));
        Assert.Equal(kind, MediaTypes.KindOf(name));
    }

    [Theory]
    [InlineData("a.xmp")]
    [InlineData("a.json")]
    [InlineData("a.txt")]
    [InlineData("a.pdf")]
    [InlineData("a.AAE")]
    [InlineData("jpg")]
    [InlineData(".DS_Store")]
    public void Other_files_are_not_media(string name)
    {
        Assert.False(MediaTypes.IsMedia(name));
        Assert.Null(MediaTypes.KindOf(name));
    }

    [Fact]
    public void TIFF_content_is_RAW_only_under_a_RAW_extension()
    {
        Assert.Equal(MediaKind.Raw, MediaTypes.KindOf(MediaFormat.Tiff, "DSC_0001.NEF"));
        Assert.Equal(MediaKind.Photo, MediaTypes.KindOf(MediaFormat.Tiff, "scan.tif"));
        Assert.Equal(MediaKind.Photo, MediaTypes.KindOf(MediaFormat.Jpeg, "mislabelled.nef"));
    }
}
