using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Librarian.Inbox;
using PhotoFactory.Librarian.Watching;

namespace PhotoFactory.Tests.Librarian.Watching;

/// <summary>When a file in the inbox counts as written to the end, and what is remembered of files that left.</summary>
public sealed class SettleTrackerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly SettleTracker _tracker;

    public SettleTrackerTests() => _tracker = new SettleTracker(_time, TimeSpan.FromSeconds(5));

    [Fact]
    public void A_file_written_just_now_waits_for_the_settle_window()
    {
        var fresh = Entry("phone/IMG_1.JPG", 100, Now.AddSeconds(-1));

        Assert.False(Pass(fresh, out var readyAt));
        Assert.Equal(Now.AddSeconds(4), readyAt);

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(Pass(fresh, out _));
    }

    [Fact]
    public void An_old_file_met_for_the_first_time_is_looked_at_once_more_before_it_is_trusted()
    {
        var old = Entry("phone/IMG_2.JPG", 100, Now.AddDays(-3));

        Assert.False(Pass(old, out var readyAt));
        Assert.Equal(Now.AddMilliseconds(250), readyAt);

        _time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(Pass(old, out _));
    }

    [Fact]
    public void A_file_that_grew_or_was_touched_since_the_last_look_is_not_settled()
    {
        var first = Entry("phone/IMG_3.JPG", 100, Now.AddMinutes(-1));
        Pass(first, out _);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(Pass(first with { Size = 200 }, out _));
        Assert.False(Pass(first with { LastWriteUtc = first.LastWriteUtc.AddSeconds(-30) }, out _));
        Assert.True(Pass(first with { LastWriteUtc = first.LastWriteUtc.AddSeconds(-30) }, out _));
    }

    [Fact]
    public void Work_is_handed_out_only_for_files_found_settled_in_this_pass_and_unchanged_since()
    {
        var file = Entry("phone/IMG_4.JPG", 100, Now.AddMinutes(-1));
        Pass(file, out _);
        _time.Advance(TimeSpan.FromSeconds(1));

        _tracker.BeginPass();
        Assert.True(_tracker.IsSettled(file, out _));
        _tracker.EndPass();
        Assert.True(_tracker.WasSettled(file));
        Assert.False(_tracker.WasSettled(file with { Size = 101 }), "the file changed between the plan's two looks");
        Assert.False(_tracker.WasSettled(Entry("phone/IMG_5.JPG", 100, Now.AddMinutes(-1))), "a file the pass never met");

        _tracker.BeginPass();
        Assert.False(_tracker.WasSettled(file), "settled in an earlier pass only");
    }

    [Fact]
    public void Files_that_left_the_inbox_are_forgotten_and_come_back_as_new()
    {
        var files = Enumerable.Range(0, 3000).Select(i => Entry($"phone/{i / 100}/IMG_{i}.JPG", i, Now.AddMinutes(-1))).ToList();
        _tracker.BeginPass();
        files.ForEach(f => _tracker.IsSettled(f, out _));
        _tracker.EndPass();
        Assert.Equal(3000, _tracker.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        _tracker.BeginPass();
        Assert.True(_tracker.IsSettled(files[0], out _));
        _tracker.EndPass();

        Assert.Equal(1, _tracker.Count);
        Assert.False(Pass(files[1], out _), "a file that left and came back is met as new");
    }

    private bool Pass(InboxEntry entry, out DateTimeOffset readyAt)
    {
        _tracker.BeginPass();
        var settled = _tracker.IsSettled(entry, out readyAt);
        _tracker.EndPass();
        return settled;
    }

    private static InboxEntry Entry(string relativePath, long size, DateTimeOffset lastWrite) =>
        new(relativePath, size, lastWrite.UtcDateTime, IgnoreReason: null);
}
