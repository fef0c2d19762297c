using PhotoFactory.Dashboard.Access;

namespace PhotoFactory.Tests.Dashboard.Access;

public sealed class PasswordHashTests
{
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
}
