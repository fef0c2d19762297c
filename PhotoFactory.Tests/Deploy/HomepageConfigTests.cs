using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PhotoFactory.Tests.AppHost;

namespace PhotoFactory.Tests.Deploy;

/// <summary>Homepage's services.yaml (one file for a run here and for deploy/homepage/) against the compose file.</summary>
public sealed partial class HomepageConfigTests(PublishedCompose published, FullModel model)
    : IClassFixture<PublishedCompose>, IClassFixture<FullModel>
{
    /// <summary>The entry on the start page for each service of the system.</summary>
    private static readonly Dictionary<string, string> Entries = new()
    {
        ["factory-db"] = "Catalogue database",
        ["librarian"] = "Librarian",
        ["monitor"] = "Monitor",
        ["dashboard"] = "Dashboard",
        ["syncthing"] = "Syncthing",
        ["immich-db"] = "Immich database",
        ["immich-cache"] = "Immich cache",
        ["immich-machine-learning"] = "Immich machine learning",
        ["immich-server"] = "Immich",
        ["homepage"] = "",
        // Infrastructure with nothing to open: the Monitor watches it.
        ["docker-proxy"] = "",
    };

    private static readonly string ServicesYaml =
        File.ReadAllText(Path.Combine(PublishedCompose.CommittedFolder, "homepage", "services.yaml"));

    private static Dictionary<string, JsonObject> Listed { get; } =
        YamlAsJson.Parse(ServicesYaml).AsArray()
            .SelectMany(group => group!.AsObject().Single().Value!.AsArray())
            .Select(entry => entry!.AsObject().Single())
            .ToDictionary(entry => entry.Key, entry => entry.Value!.AsObject());

    [Fact]
    public void Start_page_lists_every_service_of_the_system()
    {
        foreach (var service in published.Services.Select(service => service.Key))
        {
            Assert.True(Entries.TryGetValue(service, out var entry), $"{service} has no entry on the start page; add it to services.yaml and this test");
            if (entry.Length > 0)
            {
                Assert.Contains(entry, Listed.Keys);
            }
        }
    }

    [Fact]
    public void Every_link_opens_a_host_port_the_compose_file_publishes_on_the_public_host()
    {
        var hostPorts = published.Services
            .SelectMany(service => service.Value!["ports"]?.AsArray() ?? [])
            .Select(port => port!["published"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToHashSet();

        var links = Listed.Where(entry => entry.Value["href"] is not null).ToList();
        Assert.Equal(5, links.Count);
        foreach (var (name, entry) in links)
        {
            var href = Href().Match(entry["href"]!.GetValue<string>());
            Assert.True(href.Success, $"{name}: {entry["href"]} does not open the public host");
            Assert.Contains(href.Groups["port"].Value, hostPorts);
        }
    }

    [Fact]
    public void Immich_entry_has_the_immich_widget_version_2_with_the_key_from_a_variable()
    {
        var widget = Listed["Immich"]["widget"]!;

        Assert.Equal("immich", widget["type"]!.GetValue<string>());
        Assert.Equal(2, widget["version"]!.GetValue<long>());
        Assert.Equal("{{HOMEPAGE_VAR_IMMICH_KEY}}", widget["key"]!.GetValue<string>());
        Assert.Equal("http://immich-server:2283", widget["url"]!.GetValue<string>());
    }

    [Fact]
    public void Dashboard_entry_shows_the_dashboard_summary_through_customapi()
    {
        var widget = Listed["Dashboard"]["widget"]!;

        Assert.Equal("customapi", widget["type"]!.GetValue<string>());
        Assert.Equal("{{HOMEPAGE_VAR_DASHBOARD_URL}}/api/summary", widget["url"]!.GetValue<string>());
        // The Dashboard refuses /api/summary without its key.
        Assert.Equal("{{HOMEPAGE_VAR_DASHBOARD_API_KEY}}", widget["headers"]![PhotoFactory.Dashboard.Access.ApiKeyAuthentication.HeaderName]!.GetValue<string>());
        Assert.Equal(
            ["assetsSecured", "processedLastHour", "waitingInInbox", "quarantined", "originalsNotAsFiled"],
            widget["mappings"]!.AsArray().Select(mapping => mapping!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Every_homepage_variable_the_file_uses_is_set_by_the_apphost_and_in_the_compose_file()
    {
        var environment = await model.EnvironmentAsync(model.Container("homepage"));
        var composed = published.Service("homepage")["environment"]!.AsObject();

        foreach (var variable in HomepageVariable().Matches(ServicesYaml).Select(match => match.Groups["name"].Value).Distinct())
        {
            Assert.Contains(variable, environment.Keys);
            Assert.True(composed.ContainsKey(variable), $"{variable} is not set on homepage in docker-compose.yml");
        }
    }

    [Fact]
    public void Monitors_on_the_container_network_call_services_at_the_ports_they_listen_on()
    {
        foreach (var (name, entry) in Listed)
        {
            var url = (entry["siteMonitor"] ?? entry["widget"]?["url"])?.GetValue<string>();
            if (url is null || url.StartsWith("{{", StringComparison.Ordinal))
            {
                continue;
            }

            var target = new Uri(url);
            var service = published.Service(target.Host);
            var ports = (service["ports"]?.AsArray() ?? []).Select(port => port!["target"]!.GetValue<long>())
                .Concat((service["expose"]?.AsArray() ?? []).Select(port => long.Parse(port!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
            Assert.True(ports.Contains(target.Port), $"{name}: {url} is not a port {target.Host} listens on");
        }
    }

    [Fact]
    public void Homepage_accepts_the_host_the_monitor_probes_and_the_one_browsers_open()
    {
        var homepage = published.Service("homepage");
        var allowed = homepage["environment"]!["HOMEPAGE_ALLOWED_HOSTS"]!.GetValue<string>().Split(',');
        var probe = new Uri(published.Service("monitor")["environment"]!["Monitor__Targets__homepage"]!.GetValue<string>());
        var hostPort = Assert.Single(homepage["ports"]!.AsArray())!["published"]!.GetValue<long>();

        Assert.Contains(probe.Authority, allowed);
        Assert.Contains($"${{PUBLIC_HOST:?set PUBLIC_HOST in .env}}:{hostPort}", allowed);
    }

    [GeneratedRegex(@"^http://\{\{HOMEPAGE_VAR_PUBLIC_HOST\}\}:(?<port>\d+)$")]
    private static partial Regex Href();

    [GeneratedRegex(@"\{\{(?<name>HOMEPAGE_VAR_[A-Z0-9_]+)\}\}")]
    private static partial Regex HomepageVariable();
}
