namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// The shared folder of real camera files (<c>facts.tsv</c> + <c>files/</c>), named by <c>PHOTOFACTORY_CORPUS</c>.
/// Tests that read it carry <c>[Trait("Category", "Corpus")]</c>; without the variable they fail, on purpose:
/// filter them out explicitly with <c>--filter "Category!=Corpus"</c> on a machine without the corpus.
/// </summary>
public static class CorpusFolder
{
    public const string EnvironmentVariable = "PHOTOFACTORY_CORPUS";
    public const string Category = "Corpus";

    public static string Root
    {
        get
        {
            var root = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(root))
            {
                throw new InvalidOperationException(
                    $"{EnvironmentVariable} is not set. These tests read the shared corpus of real camera files: " +
                    $"set {EnvironmentVariable} to its folder (.ci/run sets it to ../shared/corpus), or leave them out " +
                    "with --filter \"Category!=Corpus\".");
            }

            if (!File.Exists(Path.Combine(root, "facts.tsv")))
            {
                throw new InvalidOperationException($"{EnvironmentVariable}='{root}' has no facts.tsv: it is not the corpus folder.");
            }

            return root;
        }
    }

    /// <summary>The full path of a corpus file, given its path in facts.tsv (relative to <c>files/</c>).</summary>
    public static string PathOf(string relativePath)
    {
        var path = Path.Combine(Root, "files", relativePath);
        return File.Exists(path) ? path : throw new FileNotFoundException($"corpus file missing: {relativePath}", path);
    }

    /// <summary>The rows of facts.tsv as column → value maps.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Facts()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "facts.tsv"));
        var header = lines[0].Split('\t');
        return lines.Skip(1).Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(cells => (IReadOnlyDictionary<string, string>)header.Select((name, i) => (name, value: i < cells.Length ? cells[i] : ""))
                .ToDictionary(cell => cell.name, cell => cell.value))
            .ToList();
    }
}
