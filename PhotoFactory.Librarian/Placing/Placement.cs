using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Placing;

/// <summary>
/// Puts a unit's files into their folder under the originals: copies them under temporary names (hashed, verified),
/// then gives them their final names, the photo first, its sidecars named after it. Every chosen name is recorded
/// in the claim before the rename (usually by the claim itself, see <see cref="Prepare"/>), and a name taken
/// meanwhile moves on to the next free one (<c>name_1.ext</c>, …), never overwriting.
/// </summary>
internal sealed class Placement(StorageLayout layout, IPlacementJournal journal, IOptions<LibrarianOptions> options)
{
    /// <summary>
    /// What the unit's files are about to become in <paramref name="folder"/>: a temporary name each, and the final
    /// names they would take now, photo first. The claim records this before anything is written.
    /// </summary>
    public InFlight Prepare(FilingUnit unit, string folder)
    {
        var token = Guid.NewGuid().ToString("N");
        var finals = ProposeNames(unit, folder);
        var transfers = new List<ClaimTransfer> { new(unit.Primary.RelativePath, $"{folder}/.pf-{token}.tmp", finals[0]) };
        for (var i = 0; i < unit.Sidecars.Count; i++)
        {
            transfers.Add(new(unit.Sidecars[i].RelativePath, $"{folder}/.pf-{token}-{i + 1}.tmp", finals[i + 1]));
        }

        return new InFlight(unit, transfers);
    }

    /// <summary>Called just before the photo is copied or linked, with its inbox path: lets a test change the inbox at that instant.</summary>
    internal Action<string>? BeforeCopying { get; set; }

    /// <summary>
    /// Copies (or, when <paramref name="mayLink"/>, links) the photo to its temporary name while hashing it, and
    /// flushes it. The hash becomes the in-flight unit's.
    /// </summary>
    public async Task<(string Sha256, long Size, bool Linked)> CopyAsync(InFlight inFlight, string folder, bool mayLink, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.InOriginals(folder));
        var temporary = layout.InOriginals(inFlight.Transfers[0].Temporary);
        inFlight.Wrote(temporary);
        BeforeCopying?.Invoke(inFlight.SourcePath);
        var copied = await FileTransfer.TransferAsync(layout.Inbox, inFlight.SourcePath, temporary, mayLink, cancellationToken);
        inFlight.Sha256 = copied.Sha256;
        inFlight.Filed[0] = copied.Source;
        return (copied.Sha256, copied.Size, copied.Linked);
    }

    /// <summary>Whether the photo's copy may be trusted: a link is the file itself; a copy is re-read unless verification is off.</summary>
    public async Task<bool> IsVerifiedAsync(InFlight inFlight, bool linked, CancellationToken cancellationToken) =>
        linked || !options.Value.VerifyCopies || await ReadsBackAsync(inFlight, cancellationToken);

    /// <summary>Re-reads the photo's temporary copy: true when it has the hash the copy computed.</summary>
    public async Task<bool> ReadsBackAsync(InFlight inFlight, CancellationToken cancellationToken) =>
        (await FileTransfer.HashAsync(layout.InOriginals(inFlight.Transfers[0].Temporary), cancellationToken)).Sha256 == inFlight.Sha256;

    /// <summary>Copies each sidecar to its temporary name, verified against its own hash.</summary>
    public async Task CopySidecarsAsync(InFlight inFlight, CancellationToken cancellationToken)
    {
        var unit = inFlight.Unit;
        for (var i = 0; i < unit.Sidecars.Count; i++)
        {
            var temporary = layout.InOriginals(inFlight.Transfers[i + 1].Temporary);
            inFlight.Wrote(temporary);
            var (sha256, _, source) = await FileTransfer.CopyFromInboxAsync(layout.Inbox, unit.Sidecars[i].RelativePath, temporary, cancellationToken);
            inFlight.Filed[i + 1] = source;
            if ((await FileTransfer.HashAsync(temporary, cancellationToken)).Sha256 != sha256)
            {
                throw new IOException($"the copy of sidecar '{unit.Sidecars[i].RelativePath}' did not read back with the same hash");
            }
        }
    }

    /// <summary>The final names a unit's files would take in <paramref name="folder"/> now, photo first: what the claim records.</summary>
    public IReadOnlyList<string> ProposeNames(FilingUnit unit, string folder) =>
        ChooseNames(unit, Enumerable.Range(0, unit.Sidecars.Count + 1).ToList(), folder, unit.Primary.Name, skip: 0);

    /// <summary>
    /// Places the copies listed in <paramref name="indexes"/> into <paramref name="folder"/>; index 0 (when
    /// listed) is the photo, named <paramref name="primaryName"/> or the next free variant. Returns the final
    /// paths relative to the originals, in the order given.
    /// </summary>
    public async Task<IReadOnlyList<string>> PlaceAsync(InFlight inFlight, IReadOnlyList<int> indexes, string folder, string primaryName, CancellationToken cancellationToken)
    {
        var placed = new string[indexes.Count];
        var skip = 0;
        while (true)
        {
            var finals = ChooseNames(inFlight.Unit, indexes, folder, primaryName, skip);
            var recorded = true;
            for (var k = 0; k < indexes.Count; k++)
            {
                recorded &= inFlight.Transfers[indexes[k]].Final == finals[k];
                inFlight.Transfers[indexes[k]] = inFlight.Transfers[indexes[k]] with { Final = finals[k] };
            }

            if (!recorded)
            {
                await journal.RecordNamesAsync(inFlight, cancellationToken);
            }

            var lost = false;
            for (var k = 0; k < indexes.Count && !lost; k++)
            {
                if (placed[k] is not null)
                {
                    continue;
                }

                var temporary = layout.InOriginals(inFlight.Transfers[indexes[k]].Temporary);
                var final = layout.InOriginals(finals[k]);
                if (FileTransfer.TryPlace(temporary, final))
                {
                    inFlight.Forget(temporary);
                    inFlight.Wrote(final);
                    FileTransfer.MakeReadOnly(final);
                    placed[k] = finals[k];
                }
                else
                {
                    // Someone took the name between our look and our rename: choose again, further along.
                    lost = true;
                }
            }

            if (!lost)
            {
                return placed;
            }

            skip++;
        }
    }

    private string[] ChooseNames(FilingUnit unit, IReadOnlyList<int> indexes, string folder, string primaryName, int skip)
    {
        var names = new string[indexes.Count];
        var primaryFinal = primaryName;
        if (indexes.Contains(0))
        {
            primaryFinal = StorageLayout.NameCandidates(primaryName).Where(n => !File.Exists(layout.InOriginals($"{folder}/{n}"))).Skip(skip).First();
        }

        for (var k = 0; k < indexes.Count; k++)
        {
            if (indexes[k] == 0)
            {
                names[k] = $"{folder}/{primaryFinal}";
                continue;
            }

            var wanted = StorageLayout.SidecarName(unit.Sidecars[indexes[k] - 1].Name, unit.Primary.Name, primaryFinal);
            var free = StorageLayout.NameCandidates(wanted)
                .First(n => !File.Exists(layout.InOriginals($"{folder}/{n}")) && !names.Contains($"{folder}/{n}"));
            names[k] = $"{folder}/{free}";
        }

        return names;
    }
}
