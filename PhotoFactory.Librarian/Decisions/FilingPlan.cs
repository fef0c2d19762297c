using System.Collections.Concurrent;

namespace PhotoFactory.Librarian.Decisions;

/// <summary>
/// What a dry run has promised so far, so that two inbox files meant for one name, or two copies of one
/// photo, are reported as the real run would file them.
/// </summary>
internal sealed class FilingPlan(StorageLayout layout)
{
    private readonly ConcurrentDictionary<string, string> _reservedNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _plannedHashes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public string? FindPlannedHash(string sha256) => _plannedHashes.TryGetValue(sha256, out var path) ? path : null;

    /// <summary>Reserves the first free name in the folder, on disk and in this plan.</summary>
    public string Reserve(string folder, string name, string sha256)
    {
        lock (_gate)
        {
            var candidate = StorageLayout.NameCandidates(name)
                .First(n => !_reservedNames.ContainsKey($"{folder}/{n}") && !File.Exists(layout.InOriginals($"{folder}/{n}")));
            _reservedNames[$"{folder}/{candidate}"] = sha256;
            _plannedHashes.TryAdd(sha256, $"{folder}/{candidate}");
            return candidate;
        }
    }
}
