using System.Text.RegularExpressions;
using System.Xml.Linq;
using PhotoFactory.Tests.AppHost;

namespace PhotoFactory.Tests.Deploy;

/// <summary>
/// The .NET services' Dockerfiles, read as Docker reads them. No image is built here: every build, Docker's or
/// the .NET SDK's daemonless one, must first pull its base image from a registry this machine cannot reach.
/// </summary>
public sealed partial class ImageTests
{
    public static TheoryData<string> Services => ["Librarian", "Monitor", "Dashboard"];

    [Theory]
    [MemberData(nameof(Services))]
    public void Image_runs_the_service_as_a_non_root_user(string service)
    {
        var final = Dockerfile.Read(service).FinalStage;

        Assert.Equal("$APP_UID", final.Last("USER"));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Image_listens_on_8080_which_the_compose_file_publishes_and_checks(string service)
    {
        var final = Dockerfile.Read(service).FinalStage;

        Assert.Equal("8080", final.Last("EXPOSE"));
        Assert.Equal("ASPNETCORE_HTTP_PORTS=8080", final.Last("ENV"));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Image_starts_the_service_assembly(string service)
    {
        var final = Dockerfile.Read(service).FinalStage;

        Assert.Equal($"[\"dotnet\", \"PhotoFactory.{service}.dll\"]", final.Last("ENTRYPOINT"));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Image_has_curl_for_its_health_check(string service)
    {
        Assert.Contains("curl", Dockerfile.Read(service).FinalStage.Packages());
    }

    [Fact]
    public void Librarian_image_has_exiftool()
    {
        Assert.Contains("libimage-exiftool-perl", Dockerfile.Read("Librarian").FinalStage.Packages());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Image_builds_from_pinned_dotnet_images_of_this_repository_s_major_version(string service)
    {
        var dockerfile = Dockerfile.Read(service);

        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0\.\d+-noble AS build$", dockerfile.Stages[0].Last("FROM"));
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0\.\d+-noble$", dockerfile.FinalStage.Last("FROM"));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Image_build_copies_every_project_the_service_references(string service)
    {
        var copied = Dockerfile.Read(service).Stages[0].All("COPY").Select(copy => copy.Split(' ')[0].TrimEnd('/')).ToHashSet();

        foreach (var project in ReferencedProjects(Path.Combine(AppHostBuilder.RepositoryRoot, $"PhotoFactory.{service}", $"PhotoFactory.{service}.csproj")))
        {
            Assert.Contains(Path.GetFileName(Path.GetDirectoryName(project))!, copied);
        }

        Assert.Contains($"PhotoFactory.{service}", copied);
    }

    /// <summary>The project and everything it references, transitively.</summary>
    private static IEnumerable<string> ReferencedProjects(string project)
    {
        var references = XDocument.Load(project).Descendants("ProjectReference")
            .Select(reference => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
        return references.SelectMany(reference => ReferencedProjects(reference).Prepend(reference)).Distinct();
    }

    private sealed record Stage(IReadOnlyList<(string Instruction, string Arguments)> Instructions)
    {
        public IEnumerable<string> All(string instruction) =>
            Instructions.Where(line => line.Instruction == instruction).Select(line => line.Arguments);

        public string Last(string instruction) => All(instruction).Last();

        /// <summary>The packages the stage installs with apt-get.</summary>
        public IEnumerable<string> Packages() =>
            All("RUN").SelectMany(run => AptInstall().Matches(run)).SelectMany(match => match.Groups["packages"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(package => !package.StartsWith('-'));
    }

    private sealed record Dockerfile(IReadOnlyList<Stage> Stages)
    {
        public Stage FinalStage => Stages[^1];

        public static Dockerfile Read(string service)
        {
            var path = Path.Combine(AppHostBuilder.RepositoryRoot, $"PhotoFactory.{service}", "Dockerfile");
            var text = Regex.Replace(File.ReadAllText(path), @"\\\r?\n", " ");
            var stages = new List<List<(string, string)>>();
            foreach (var line in text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')))
            {
                var parts = line.Split(' ', 2);
                var instruction = parts[0].ToUpperInvariant();
                if (instruction == "FROM")
                {
                    stages.Add([]);
                }

                stages[^1].Add((instruction, Regex.Replace(parts[1], @"\s+", " ").Trim()));
            }

            return new Dockerfile([.. stages.Select(stage => new Stage(stage))]);
        }
    }

    [GeneratedRegex(@"apt-get install (?<packages>[^&;]+)")]
    private static partial Regex AptInstall();
}
