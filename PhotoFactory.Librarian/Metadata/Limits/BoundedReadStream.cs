namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// The file as MetadataExtractor sees it: every byte it reads counts against a budget and a deadline, so no damaged or
/// crafted file keeps a reader busy for long or makes it read far more than any camera writes. Seeking is free (a
/// reader skips a video's media data that way). Past either limit it throws <see cref="MetadataLimitException"/>.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long budget, TimeSpan timeout, TimeProvider time) : Stream
{
    private readonly long _startedAt = time.GetTimestamp();
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        Check();
        var read = inner.Read(buffer);
        _read += read;
        return read;
    }

    public override int ReadByte()
    {
        Check();
        var value = inner.ReadByte();
        _read += value < 0 ? 0 : 1;
        return value;
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Check()
    {
        if (_read >= budget)
        {
            throw new MetadataLimitException($"reading its metadata took more than {MetadataLimits.Describe(budget)} of the file");
        }

        if (time.GetElapsedTime(_startedAt) > timeout)
        {
            throw new MetadataLimitException($"reading its metadata took longer than {timeout.TotalSeconds:0} s");
        }
    }
}
