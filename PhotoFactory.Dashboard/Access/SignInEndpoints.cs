using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace PhotoFactory.Dashboard.Access;

/// <summary>Sign-in with the password or single sign-on, and sign-out; the only pages open to anyone.</summary>
public static class SignInEndpoints
{
    public const string SignInPath = "/sign-in";
    public const string SingleSignOnPath = "/sign-in/sso";
    public const string SignOutPath = "/sign-out";

    /// <summary>The name a password sign-in is known by; the Dashboard has one user.</summary>
    public const string PasswordUser = "owner";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        var open = endpoints.MapGroup("").AllowAnonymous();
        open.MapGet(SignInPath, (HttpContext context, IAntiforgery antiforgery, SignInMethods methods, string? returnUrl) =>
            Page(context, antiforgery, methods, returnUrl, problem: null, StatusCodes.Status200OK));
        open.MapPost(SignInPath, SignInWithPasswordAsync);
        open.MapGet(SingleSignOnPath, (SignInMethods methods, string? returnUrl) => methods.SingleSignOnName is null
            ? Results.NotFound()
            : Results.Challenge(new AuthenticationProperties { RedirectUri = Local(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]));
        open.MapPost(SignOutPath, async (HttpContext context) =>
            {
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return Results.Redirect(SignInPath);
            })
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
        return endpoints;
    }

    private static async Task<IResult> SignInWithPasswordAsync(
        HttpContext context,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        IAntiforgery antiforgery,
        SignInMethods methods,
        SignInThrottle throttle,
        ILogger<SignInThrottle> logger)
    {
        var client = context.Connection.RemoteIpAddress;
        if (methods.Password is not { } hash)
        {
            return Page(context, antiforgery, methods, returnUrl, "Signing in with a password is not set up here.", StatusCodes.Status404NotFound);
        }

        if (!throttle.TryAttempt(client, out var retryAfter))
        {
            Log.SignInRefused(logger, client?.ToString(), retryAfter);
            var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            var minutes = (int)Math.Ceiling(retryAfter.TotalMinutes);
            return Page(context, antiforgery, methods, returnUrl,
                $"Too many failed sign-ins from this address. Try again in {minutes} minute{(minutes == 1 ? "" : "s")}.",
                StatusCodes.Status429TooManyRequests);
        }

        if (!hash.Matches(password ?? ""))
        {
            Log.SignInFailed(logger, client?.ToString());
            return Page(context, antiforgery, methods, returnUrl, "Wrong password.", StatusCodes.Status401Unauthorized);
        }

        throttle.Succeeded(client);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, PasswordUser), new Claim(SignInMethods.PasswordClaim, methods.PasswordFingerprint!)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        Log.SignedIn(logger, client?.ToString());
        return Results.LocalRedirect(Local(returnUrl));
    }

    private static RazorComponentResult<SignInPage> Page(
        HttpContext context, IAntiforgery antiforgery, SignInMethods methods, string? returnUrl, string? problem, int statusCode)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new RazorComponentResult<SignInPage>(new Dictionary<string, object?>
        {
            [nameof(SignInPage.ReturnUrl)] = Local(returnUrl),
            [nameof(SignInPage.Problem)] = problem,
            [nameof(SignInPage.PasswordEnabled)] = methods.Password is not null,
            [nameof(SignInPage.SingleSignOnName)] = methods.SingleSignOnName,
            [nameof(SignInPage.AntiforgeryFieldName)] = tokens.FormFieldName,
            [nameof(SignInPage.AntiforgeryToken)] = tokens.RequestToken,
        })
        {
            StatusCode = statusCode,
        };
    }

    /// <summary>A path on this site, or the overview: a sign-in link must never send the user elsewhere.</summary>
    internal static string Local(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            ? url
            : "/";
}
