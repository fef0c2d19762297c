namespace PhotoFactory.Librarian;

/// <summary>What the Librarian is doing now: read by its health check and its heartbeat.</summary>
internal sealed class LibrarianStatus
{
    private volatile string _task = "starting";
    private volatile string? _problem;
    private int _waiting;

    public string CurrentTask => _task;

    /// <summary>Why filing is paused (catalogue or originals unusable), or null while it works.</summary>
    public string? Problem => _problem;

    public int Waiting => Volatile.Read(ref _waiting);

    public void Working(string task, int waiting)
    {
        _task = task;
        Volatile.Write(ref _waiting, waiting);
    }

    public void Paused(string problem) => _problem = problem;

    public void Resumed() => _problem = null;
}
