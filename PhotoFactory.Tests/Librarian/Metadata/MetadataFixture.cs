namespace PhotoFactory.Tests.Librarian.Metadata;

/// <summary>One metadata stage (and so one exiftool process) shared by a test class, as the Librarian shares it.</summary>
public sealed class MetadataFixture : IAsyncDisposable
{
    public MetadataHost Host { get; } = new();

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
