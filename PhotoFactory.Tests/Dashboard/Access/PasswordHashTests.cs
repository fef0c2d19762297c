using System.Text.RegularExpressions;
using PhotoFactory.Dashboard.Access;
using PhotoFactory.Tests.AppHost;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Dashboard.Access;

public sealed partial class PasswordHashTests
{
    /// <summary>The deploy guide's way to make the hash without building anything: its python3 program, run as written there.</summary>
    [Fact]
    public async Task The_one_liner_in_the_deploy_guide_makes_a_hash_the_Dashboard_accepts()
    {
        var guide = await File.ReadAllTextAsync(Path.Combine(AppHostBuilder.RepositoryRoot, "docs", "deploy.md"), TestContext.Current.CancellationToken);
        var program = PythonOneLiner().Match(guide);
        Assert.True(program.Success, "docs/deploy.md has no python3 -c '...' line writing secrets/dashboard-password-hash");

        await using var python = ProcessRun.Start(RequiredBinary.Find("python3", "python3"), ["-c", program.Groups["program"].Value], new Dictionary<string, string?> { ["PF_PASSWORD"] = "a long family password" });
        Assert.Equal(0, await python.WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.True(PasswordHash.TryParse(python.StandardOutput.Trim(), out var hash, out var error), error);
        Assert.Equal(PasswordHash.DefaultIterations, hash!.Iterations);
        Assert.True(hash.Matches("a long family password"));
        Assert.False(hash.Matches("a long family passwore"));
    }

    [Fact]
    public void A_hash_matches_its_password_and_no_other()
    {
        var text = PasswordHash.Create("correct horse battery staple");

        Assert.True(PasswordHash.TryParse(text, out var hash, out var error), error);
        Assert.True(hash!.Matches("correct horse battery staple"));
        Assert.False(hash.Matches("correct horse battery stapl"));
        Assert.False(hash.Matches(""));
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time_and_needs_no_quoting_in_env_or_sed()
    {
        var first = PasswordHash.Create("same password");
        var second = PasswordHash.Create("same password");

        Assert.NotEqual(first, second);
        Assert.Matches("^pbkdf2-sha256:600000:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{43}$", first);
    }

    [Theory]
    [InlineData("")]
    [InlineData("the password itself")]
    [InlineData("pbkdf2-sha256:600000:short:short")]
    [InlineData("pbkdf2-sha1:600000:98JC-XdNIZ77LK9_CU9dUg:SBVuMad6EhM2x7SMKWvOtC-rxlhUX0i1XrA7665hFuU")]
    [InlineData("pbkdf2-sha256:99999:98JC-XdNIZ77LK9_CU9dUg:SBVuMad6EhM2x7SMKWvOtC-rxlhUX0i1XrA7665hFuU")]
    [InlineData("pbkdf2-sha256:600000:98JC+XdNIZ77LK9/CU9dUg:SBVuMad6EhM2x7SMKWvOtC-rxlhUX0i1XrA7665hFuU")]
    public void Anything_else_is_not_a_hash(string text) =>
        Assert.False(PasswordHash.TryParse(text, out _, out _));

    [GeneratedRegex("python3 -c '(?<program>[^']+)' > secrets/dashboard-password-hash")]
    private static partial Regex PythonOneLiner();
}
