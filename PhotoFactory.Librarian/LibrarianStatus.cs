namespace PhotoFactory.Librarian;

/// <summary>What the Librarian is doing now: read by its health check and its heartbeat.</summary>
internal sealed class LibrarianStatus
{
    private volatile string _task = "starting";
    private volatile string? _problem;
    private int _waiting;
    private int _filing;

    public string CurrentTask => _task;

    /// <summary>Why filing is paused (catalogue or originals unusable), or null while it works.</summary>
    public string? Problem => _problem;

    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>True while files are being filed: the scrub of the originals holds its reading until it is false.</summary>
    public bool IsFiling => Volatile.Read(ref _filing) > 0;

    /// <summary>Marks filing under way until the result is disposed.</summary>
    public IDisposable Filing()
    {
        Interlocked.Increment(ref _filing);
        return new FilingScope(this);
    }

    public void Working(string task, int waiting)
    {
        _task = task;
        Volatile.Write(ref _waiting, waiting);
    }

    public void Paused(string problem) => _problem = problem;

    public void Resumed() => _problem = null;

    private sealed class FilingScope(LibrarianStatus status) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref status._filing);
            }
        }
    }
}
