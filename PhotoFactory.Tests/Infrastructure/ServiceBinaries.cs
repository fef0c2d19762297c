namespace PhotoFactory.Tests.Infrastructure;

/// <summary>Finds the built service assemblies, so tests can run them as real processes.</summary>
public static class ServiceBinaries
{
    /// <summary>The service's own build output (with its runtimeconfig and deps), beside the test project's under artifacts/bin.</summary>
    public static string PathOf(string project)
    {
        var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var configuration = Path.GetFileName(testOutput);
        var candidates = new[]
        {
            Path.Combine(testOutput, "..", "..", project, configuration, project + ".dll"),
            Path.Combine(testOutput, project + ".dll"),
        };
        foreach (var candidate in candidates)
        {
            var full = Path.GetFullPath(candidate);
            if (File.Exists(full) && File.Exists(Path.ChangeExtension(full, ".runtimeconfig.json")))
            {
                return full;
            }
        }

        throw new FileNotFoundException($"Cannot find the build output of {project}; looked at: {string.Join(", ", candidates.Select(Path.GetFullPath))}");
    }
}
