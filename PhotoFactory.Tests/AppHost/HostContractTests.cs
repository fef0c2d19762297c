using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Dashboard;
using PhotoFactory.Dashboard.Access;
using PhotoFactory.Librarian;
using PhotoFactory.Monitor;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.AppHost;

/// <summary>
/// Every setting the AppHost hands a service is one the service reads: the AppHost's model is walked for each
/// service's environment, and the service is composed as its <c>Program.cs</c> composes it on exactly those
/// settings, with every options class bound. A setting renamed on one side only is left unread, and fails here.
/// </summary>
public sealed class HostContractTests(FullModel model) : IClassFixture<FullModel>
{
    /// <summary>A setting no service knows, handed to each with the real ones: the test must be able to fail.</summary>
    private const string Canary = "PhotoFactory:Inbx";

    public static TheoryData<string> Services => ["librarian", "monitor", "dashboard"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_setting_the_AppHost_hands_a_service_is_read_by_that_service(string service)
    {
        var environment = await model.EnvironmentAsync(model.Project(service));
        var settings = environment
            .Where(variable => !IsPlatformVariable(variable.Key))
            .ToDictionary(variable => variable.Key.Replace("__", ":", StringComparison.Ordinal), variable => (string?)Plausible(variable.Key, variable.Value), StringComparer.OrdinalIgnoreCase);
        Assert.Contains(settings.Keys, key => key.StartsWith($"{HostSettingsSection}:", StringComparison.Ordinal));
        settings[Canary] = "a setting nobody reads";

        var read = ReadBy(service, settings);

        var unread = settings.Keys.Where(key => !read.Contains(key)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([Canary], unread);
    }

    private const string HostSettingsSection = LibrarianOptions.PathsSectionName;

    /// <summary>
    /// Aspire's and the runtime's own variables (<c>HTTP_PORTS</c>, <c>OTEL_…</c>, <c>SYNCTHING_HTTP</c> beside the
    /// <c>services__…</c> entry of a reference): upper case, no sections. Kestrel, OpenTelemetry and Aspire read them.
    /// </summary>
    private static bool IsPlatformVariable(string name) =>
        !name.Contains("__", StringComparison.Ordinal) && name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>
    /// The manifest's placeholders (<c>{inbox-path.value}</c>), except where a service parses the value while it is
    /// composed: a connection string, and the addresses of what the Monitor probes.
    /// </summary>
    private static string Plausible(string name, string value) =>
        name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) ? "Host=127.0.0.1;Database=photofactory"
        : name.StartsWith("services__", StringComparison.Ordinal) || name.StartsWith(PhotoFactory.Monitor.Probes.MonitorTargets.SectionName.Replace(":", "__", StringComparison.Ordinal), StringComparison.Ordinal) ? "http://127.0.0.1:9/"
        : value;

    /// <summary>The keys a service reads, composed on <paramref name="settings"/> and with every options class bound.</summary>
    private static HashSet<string> ReadBy(string service, Dictionary<string, string?> settings)
    {
        using var contentRoot = new TempDirectory("contract");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot.Path, Args = [] });
        var read = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        ((IConfigurationBuilder)builder.Configuration).Add(new RecordingSource(settings, read));
        switch (service)
        {
            case "librarian":
                builder.AddServiceDefaults(LibrarianTelemetry.Name);
                builder.AddCatalog(CatalogSchemaMode.ApplyMigrations);
                builder.AddLibrarian();
                break;
            case "monitor":
                builder.AddServiceDefaults(MonitorTelemetry.Name);
                builder.AddCatalog(CatalogSchemaMode.WaitForOwner);
                builder.AddMonitor();
                break;
            default:
                builder.AddServiceDefaults(DashboardTelemetry.Name);
                builder.AddCatalog(CatalogSchemaMode.WaitForOwner);
                builder.AddDashboard();
                builder.AddDashboardAccess();
                break;
        }

        var optionsTypes = builder.Services
            .Where(d => d.ServiceType.IsGenericType && ConfiguringOptions.Contains(d.ServiceType.GetGenericTypeDefinition()))
            .Select(d => d.ServiceType.GetGenericArguments()[0])
            .Distinct()
            .ToList();
        using var app = builder.Build();
        foreach (var type in optionsTypes)
        {
            var options = app.Services.GetRequiredService(typeof(IOptions<>).MakeGenericType(type));
            try
            {
                _ = options.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(options);
            }
            catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is OptionsValidationException)
            {
                // Bound, then found wanting (a placeholder is not an address): the keys were read all the same.
            }
        }

        return read;
    }

    /// <summary>
    /// How options are given their settings: ASP.NET Core's own (host filtering's <c>AllowedHosts</c>) are post-configured.
    /// </summary>
    private static readonly Type[] ConfiguringOptions = [typeof(IConfigureOptions<>), typeof(IPostConfigureOptions<>)];

    /// <summary>A configuration source that notes each key looked up in it.</summary>
    private sealed class RecordingSource(Dictionary<string, string?> settings, HashSet<string> read) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(settings, read);

        private sealed class Provider : ConfigurationProvider
        {
            private readonly HashSet<string> _read;

            public Provider(Dictionary<string, string?> settings, HashSet<string> read)
            {
                _read = read;
                foreach (var (key, value) in settings)
                {
                    Data[key] = value;
                }
            }

            public override bool TryGet(string key, out string? value)
            {
                lock (_read)
                {
                    _read.Add(key);
                }

                return base.TryGet(key, out value);
            }
        }
    }
}
