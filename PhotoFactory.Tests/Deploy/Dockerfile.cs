using System.Text.RegularExpressions;
using PhotoFactory.Tests.AppHost;

namespace PhotoFactory.Tests.Deploy;

/// <summary>A service's Dockerfile read as Docker reads it: continued lines joined, one list of instructions per stage.</summary>
internal sealed partial record Dockerfile(IReadOnlyList<DockerfileStage> Stages)
{
    public DockerfileStage FinalStage => Stages[^1];

    /// <summary>The image the stage starts from, without its <c>AS name</c>.</summary>
    public static string BaseImage(DockerfileStage stage) => stage.Last("FROM").Split(' ')[0];

    public static Dockerfile Read(string service)
    {
        var path = Path.Combine(AppHostBuilder.RepositoryRoot, $"PhotoFactory.{service}", "Dockerfile");
        var text = ContinuedLine().Replace(File.ReadAllText(path), " ");
        var stages = new List<List<(string, string)>>();
        foreach (var line in text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')))
        {
            var parts = line.Split(' ', 2);
            var instruction = parts[0].ToUpperInvariant();
            if (instruction == "FROM")
            {
                stages.Add([]);
            }

            stages[^1].Add((instruction, Whitespace().Replace(parts[1], " ").Trim()));
        }

        return new Dockerfile([.. stages.Select(stage => new DockerfileStage(stage))]);
    }

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex ContinuedLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>One <c>FROM</c> and the instructions after it.</summary>
internal sealed record DockerfileStage(IReadOnlyList<(string Instruction, string Arguments)> Instructions)
{
    public IEnumerable<string> All(string instruction) =>
        Instructions.Where(line => line.Instruction == instruction).Select(line => line.Arguments);

    public string Last(string instruction) => All(instruction).Last();
}
