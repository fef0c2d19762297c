namespace PhotoFactory.Librarian;

/// <summary>The Librarian's meter and activity source name, exported by ServiceDefaults.</summary>
internal static class LibrarianTelemetry
{
    public const string Name = "PhotoFactory.Librarian";
}
