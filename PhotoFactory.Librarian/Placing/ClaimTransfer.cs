namespace PhotoFactory.Librarian.Placing;

/// <summary>One file a claim writes: its inbox path, its temporary name and the name it is meant to get (the latter two relative to the originals).</summary>
internal sealed record ClaimTransfer(string Source, string Temporary, string Final);
