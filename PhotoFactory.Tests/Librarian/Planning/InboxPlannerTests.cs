using PhotoFactory.Librarian.Inbox;
using PhotoFactory.Librarian.Planning;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Librarian.Planning;

/// <summary>The order in which the Librarian hands out an inbox's files, which decides folders and numbered names.</summary>
public sealed class InboxPlannerTests
{
    [Fact]
    public void A_live_photos_still_is_filed_before_its_video_by_the_same_worker()
    {
        using var inbox = new TempDirectory("planner");
        Touch(inbox, "phone/IMG_0001.HEIC", "phone/IMG_0001.MOV", "phone/IMG_0002.JPG", "phone/IMG_0003.MOV");

        // The planner shuffles each folder's work; whatever the order, the pair stays together, still first.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var work = InboxPlanner.Plan(() => InboxScanner.Scan(inbox.Path)).Work.ToList();

            var pair = Assert.Single(work, w => w.Units.Count == 2);
            Assert.Equal(["phone/IMG_0001.HEIC", "phone/IMG_0001.MOV"], pair.Units.Select(u => u.Primary.RelativePath));
            Assert.Equal("phone/IMG_0001.HEIC", pair.Units[1].LiveStill);
            Assert.Equal(4, work.Sum(w => w.Units.Count));
            Assert.All(work.Where(w => w != pair).SelectMany(w => w.Units), unit => Assert.Null(unit.LiveStill));
        }
    }

    [Fact]
    public void Files_of_one_name_in_several_folders_are_handed_out_together_in_path_order()
    {
        using var inbox = new TempDirectory("planner");
        Touch(inbox, "c/IMG_1.JPG", "a/IMG_1.JPG", "b/other.JPG", "b/sub/img_1.jpg", "c/IMG_2.JPG", "a/IMG_3.JPG");

        var work = InboxPlanner.Plan(() => InboxScanner.Scan(inbox.Path)).Work.ToList();

        var named = Assert.Single(work, w => w.Units.Any(u => u.Primary.Name.Equals("IMG_1.JPG", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(["a/IMG_1.JPG", "b/sub/img_1.jpg", "c/IMG_1.JPG"], named.Units.Select(u => u.Primary.RelativePath));
        Assert.Equal(6, work.Sum(w => w.Units.Count));
    }

    [Fact]
    public void Names_that_differ_only_in_case_beyond_ascii_are_one_name_and_distinct_names_are_not_held_back()
    {
        using var inbox = new TempDirectory("planner");
        Touch(inbox, "b/ÄRGER.JPG", "a/ärger.jpg", "a/Ærø.jpg", "b/ærø.JPG", "c/Ergo.jpg");

        var work = InboxPlanner.Plan(() => InboxScanner.Scan(inbox.Path)).Work.ToList();

        Assert.Equal(3, work.Count);
        Assert.Contains(work, w => w.Units.Select(u => u.Primary.RelativePath).SequenceEqual(["a/ärger.jpg", "b/ÄRGER.JPG"]));
        Assert.Contains(work, w => w.Units.Select(u => u.Primary.RelativePath).SequenceEqual(["a/Ærø.jpg", "b/ærø.JPG"]));
        Assert.Contains(work, w => w.Units.Select(u => u.Primary.RelativePath).SequenceEqual(["c/Ergo.jpg"]));
    }

    [Fact]
    public void A_name_waits_while_any_of_its_files_is_not_ready_and_the_rest_is_counted_ready()
    {
        using var inbox = new TempDirectory("planner");
        Touch(inbox, "a/IMG_1.JPG", "b/IMG_1.JPG", "b/IMG_2.JPG", "c/IMG_3.JPG.xmp", "c/IMG_3.JPG", "c/notes.txt", "c/lost.xmp");

        var plan = InboxPlanner.Plan(() => InboxScanner.Scan(inbox.Path),
            isReady: work => work[0].Primary.RelativePath != "b/IMG_1.JPG");

        Assert.Equal(4, plan.FileCount);
        // a/IMG_1.JPG is ready, but it is numbered together with b/IMG_1.JPG, which is not.
        Assert.Equal(2, plan.ReadyCount);
        var sidecarUnit = Assert.Single(plan.Work.SelectMany(w => w.Units), u => u.Primary.RelativePath == "c/IMG_3.JPG");
        Assert.Equal(["c/IMG_3.JPG.xmp"], sidecarUnit.Sidecars.Select(s => s.RelativePath));
        Assert.Equal(
            [("c/lost.xmp", "sidecar without its photo"), ("c/notes.txt", "not a photo or video type (.txt)")],
            plan.Ignored.Select(i => (i.RelativePath, i.IgnoreReason)).Order());
    }

    private static void Touch(TempDirectory inbox, params string[] files)
    {
        foreach (var file in files)
        {
            var path = inbox.Combine(file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, [1, 2, 3]);
        }
    }
}
