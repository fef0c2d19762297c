namespace PhotoFactory.Tests.Infrastructure;

/// <summary>A program the tests run for real; missing, it fails the test with how to install it, never skips it.</summary>
public static class RequiredBinary
{
    public static string Find(string name, string package)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.Fail($"This test runs a real '{name}', which is not on PATH. Install Debian's '{package}' package (.ci/run does: apt-get install {package}).");
        }

        return found;
    }
}
