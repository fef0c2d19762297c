using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Dashboard.Access;

namespace PhotoFactory.Tests.Dashboard.Access;

public sealed class SignInThrottleTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress Owner = IPAddress.Parse("192.0.2.20");

    [Fact]
    public void An_address_is_refused_after_its_failures_until_the_oldest_leaves_the_window()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var throttle = new SignInThrottle(Options.Create(new AccessOptions { MaxFailedAttempts = 3, FailureWindow = TimeSpan.FromMinutes(15) }), time);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.True(throttle.TryAttempt(Guesser, out _));
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.False(throttle.TryAttempt(Guesser, out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(12), retryAfter);
        Assert.True(throttle.TryAttempt(Owner, out _));

        time.Advance(retryAfter);
        Assert.True(throttle.TryAttempt(Guesser, out _));
        Assert.False(throttle.TryAttempt(Guesser, out _));
    }

    [Fact]
    public void A_successful_sign_in_clears_the_failures_of_its_address()
    {
        var throttle = new SignInThrottle(Options.Create(new AccessOptions { MaxFailedAttempts = 2 }), new FakeTimeProvider());
        Assert.True(throttle.TryAttempt(Owner, out _));
        Assert.True(throttle.TryAttempt(Owner, out _));
        Assert.False(throttle.TryAttempt(Owner, out _));

        throttle.Succeeded(Owner);

        Assert.True(throttle.TryAttempt(Owner, out _));
    }

    [Fact]
    public void An_IPv4_address_mapped_into_IPv6_is_the_same_address()
    {
        var throttle = new SignInThrottle(Options.Create(new AccessOptions { MaxFailedAttempts = 1 }), new FakeTimeProvider());
        Assert.True(throttle.TryAttempt(Guesser, out _));

        Assert.False(throttle.TryAttempt(Guesser.MapToIPv6(), out _));
    }
}
