using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Placing;

/// <summary>
/// The files one claim has written so far under the originals. Rolling back removes exactly these, so an
/// interrupted filing never leaves a partial file under a real name.
/// </summary>
internal sealed class InFlight(FilingUnit unit, List<ClaimTransfer> transfers)
{
    private readonly List<string> _written = [];

    public FilingUnit Unit { get; } = unit;

    /// <summary>The claim's key: the photo's path in the inbox.</summary>
    public string SourcePath => Unit.Primary.RelativePath;

    public List<ClaimTransfer> Transfers { get; } = transfers;

    /// <summary>Which inbox file each copy was made from (photo first, then sidecars): only that file is removed from the inbox.</summary>
    public FileIdentity?[] Filed { get; } = new FileIdentity?[unit.Sidecars.Count + 1];

    /// <summary>The photo's hash, once its copy was made.</summary>
    public string? Sha256 { get; set; }

    /// <summary>Set once the catalogue owns the result; from then on nothing is rolled back.</summary>
    public bool Committed { get; set; }

    public void Wrote(string fullPath) => _written.Add(fullPath);

    public void Forget(string fullPath) => _written.Remove(fullPath);

    public void RollBack()
    {
        foreach (var path in _written)
        {
            FileTransfer.DeleteOwn(path);
        }

        _written.Clear();
    }
}
