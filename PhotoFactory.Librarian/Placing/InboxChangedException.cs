namespace PhotoFactory.Librarian.Placing;

/// <summary>An inbox file, or a folder on its path, became a link after the scan: nothing is read through it; it is met again.</summary>
internal sealed class InboxChangedException(string relativePath)
    : IOException($"'{relativePath}' or a folder on its path became a link after the inbox was scanned")
{
    /// <summary>Why such a file is deferred, in the words of its result.</summary>
    public const string Reason = "it, or a folder on its path, became a link after the scan; links are never followed";
}
