using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Tests.Librarian.Planning;

/// <summary>Which files in a folder travel with which photo or video.</summary>
public sealed class SidecarFinderTests
{
    [Fact]
    public void XMP_AAE_THM_and_Takeout_sidecars_are_found_case_insensitively()
    {
        string[] folder = ["IMG_4120.JPG", "IMG_4120.AAE", "IMG_4120.JPG.xmp", "IMG_4120.JPG.json", "MVI_0001.AVI", "MVI_0001.THM", "notes.txt"];

        var photo = SidecarFinder.Find("IMG_4120.JPG", folder);
        var video = SidecarFinder.Find("MVI_0001.AVI", folder);

        Assert.Equal(["IMG_4120.JPG.xmp"], photo.Xmp);
        Assert.Equal(["IMG_4120.AAE"], photo.Aae);
        Assert.Equal(["IMG_4120.JPG.json"], photo.TakeoutJson);
        Assert.Equal(["MVI_0001.THM"], video.Thumbnails);
        Assert.DoesNotContain("notes.txt", photo.All.Concat(video.All));
    }

    [Theory]
    [InlineData("photo.jpg", "photo.jpg.json")]
    [InlineData("photo.jpg", "photo.json")]
    [InlineData("photo.jpg", "PHOTO.JPG.JSON")]
    [InlineData("photo(1).jpg", "photo.jpg(1).json")]
    [InlineData("photo.jpg", "photo.jpg.supplemental-metadata.json")]
    [InlineData("photo.jpg", "photo.jpg.supplemental-me.json")]
    [InlineData("photo(2).jpg", "photo.jpg.supplemental-metadata(2).json")]
    [InlineData("Screenshot_2022-02-14-09-15-00-123_com.example.app.jpg", "Screenshot_2022-02-14-09-15-00-123_com.exampl.json")]
    public void Google_Takeout_json_is_matched_in_all_its_namings(string media, string json)
    {
        var found = SidecarFinder.Find(media, [media, json, "photo(3).jpg"]);

        Assert.Equal([json], found.TakeoutJson);
    }

    [Fact]
    public void Takeout_json_of_a_duplicate_goes_to_the_duplicate_not_the_original()
    {
        var groups = SidecarFinder.Group(["2015-02-04.jpg", "2015-02-04(1).jpg", "2015-02-04.jpg.json", "2015-02-04.jpg(1).json"]);

        Assert.Equal(["2015-02-04.jpg.json"], groups["2015-02-04.jpg"].TakeoutJson);
        Assert.Equal(["2015-02-04.jpg(1).json"], groups["2015-02-04(1).jpg"].TakeoutJson);
    }

    [Fact]
    public void A_shared_stem_sidecar_goes_to_one_file_only_preferring_the_RAW()
    {
        var groups = SidecarFinder.Group(["IMG_1.CR2", "IMG_1.JPG", "IMG_1.MOV", "IMG_1.xmp", "IMG_1.JPG.xmp"]);

        Assert.Equal(["IMG_1.xmp"], groups["IMG_1.CR2"].Xmp);
        Assert.Equal(["IMG_1.JPG.xmp"], groups["IMG_1.JPG"].Xmp);
        Assert.False(groups.ContainsKey("IMG_1.MOV"));
        Assert.Equal(2, groups.Values.SelectMany(set => set.All).Count());
    }

    [Fact]
    public void Apple_original_edit_record_goes_with_the_original()
    {
        var found = SidecarFinder.Find("IMG_1234.HEIC", ["IMG_1234.HEIC", "IMG_O1234.AAE", "IMG_E1234.HEIC"]);

        Assert.Equal(["IMG_O1234.AAE"], found.Aae);
    }

    [Fact]
    public void Orphan_sidecars_and_other_files_belong_to_nobody()
    {
        var groups = SidecarFinder.Group(["a.jpg", "b.xmp", "c.json", "a.txt", "a.jpg.txt"]);

        Assert.Empty(groups);
        Assert.True(SidecarFinder.IsSidecar("X.AAE"));
        Assert.False(SidecarFinder.IsSidecar("x.txt"));
    }
}
