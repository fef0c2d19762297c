namespace PhotoFactory.Librarian.Decisions;

/// <summary>
/// The catalogue or the originals folder cannot be used right now (database down, disk full). Whatever was
/// in flight has been rolled back and the inbox is untouched; the caller backs off and tries again.
/// </summary>
public sealed class FilingUnavailableException(string message, Exception inner) : Exception(message, inner);
