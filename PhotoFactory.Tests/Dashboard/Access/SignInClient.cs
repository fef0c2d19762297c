using System.Net;
using System.Text.RegularExpressions;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Dashboard.Access;

/// <summary>
/// A script's view of the Dashboard's sign-in: fetches the form for its anti-forgery token, posts the password, and
/// carries the cookies by hand (so a cookie marked Secure still travels over the test's plain HTTP, and every
/// Set-Cookie can be read as sent). Never follows a redirect.
/// </summary>
public sealed partial class SignInClient(DashboardServer dashboard) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = dashboard.Address,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private readonly Dictionary<string, string> _cookies = [];

    /// <summary>Every Set-Cookie header the Dashboard sent, in order.</summary>
    public List<string> SetCookies { get; } = [];

    /// <summary>Headers sent with every request, e.g. what a proxy would add.</summary>
    public Dictionary<string, string> Headers { get; } = [];

    public bool IsSignedIn => _cookies.ContainsKey(PhotoFactory.Dashboard.Access.AccessRegistration.CookieName);

    /// <summary>A client for <paramref name="other"/> holding this one's cookies, as a browser would after a restart.</summary>
    public SignInClient WithCookiesFor(DashboardServer other)
    {
        var client = new SignInClient(other);
        foreach (var (name, value) in _cookies)
        {
            client._cookies[name] = value;
        }

        return client;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<HttpResponseMessage> PostAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Post, path));

    /// <summary>Fetches the sign-in form and sends <paramref name="password"/> with it.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string password, string returnUrl = "/")
    {
        using var form = await GetAsync("sign-in");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var token = TokenField().Match(await form.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Groups[1].Value;
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, "sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["password"] = password,
                ["returnUrl"] = returnUrl,
            }),
        });
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                SetCookies.Add(setCookie);
                var pair = setCookie.Split(';', 2)[0].Split('=', 2);
                if (pair[1].Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(pair[0]);
                }
                else
                {
                    _cookies[pair[0]] = pair[1];
                }
            }
        }

        return response;
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
