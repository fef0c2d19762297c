namespace PhotoFactory.Monitor.Immich;

/// <summary>The library in Immich that shows the originals, as Immich describes it.</summary>
public sealed record ImmichLibrary(Guid Id, string Name, Guid OwnerId, IReadOnlyList<string> ImportPaths);
