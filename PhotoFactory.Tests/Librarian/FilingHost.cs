using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Librarian;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Filing;
using PhotoFactory.Librarian.Inbox;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Tests.Librarian;

/// <summary>
/// The Librarian's filing engine as <c>ingest</c> and the service register it (<see cref="LibrarianRegistration.AddFilingEngine"/>),
/// built in the test's process on a workspace's folders and migrated catalogue, for tests of one stage at a time.
/// </summary>
public sealed class FilingHost : IDisposable
{
    private readonly IHost _host;

    private FilingHost(IHost host) => _host = host;

    public static async Task<FilingHost> CreateAsync(LibrarianWorkspace workspace)
    {
        await workspace.Catalog.MigrateAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = workspace.Data,
            Args = [],
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(workspace.Environment()
            .Select(setting => KeyValuePair.Create(setting.Key.Replace("__", ":", StringComparison.Ordinal), setting.Value)));
        builder.AddCatalog(CatalogSchemaMode.WaitForOwner);
        builder.AddFilingEngine();
        return new FilingHost(builder.Build());
    }

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    internal StorageLayout Layout => Get<StorageLayout>();

    /// <summary>The inbox planned as the Librarian plans it: every unit, in the order the work hands them out.</summary>
    internal List<FilingUnit> Units() =>
        InboxPlanner.Plan(() => InboxScanner.Scan(Layout.Inbox)).Work.SelectMany(work => work.Units).ToList();

    /// <summary>The one unit whose photo or video is <paramref name="relativePath"/> in the inbox.</summary>
    internal FilingUnit Unit(string relativePath) => Units().Single(unit => unit.Primary.RelativePath == relativePath);

    /// <summary>Files the unit of <paramref name="relativePath"/> in move mode, as a pass of <c>ingest</c> would.</summary>
    internal async Task<FilingResult> FileAsync(string relativePath) =>
        await Get<FilingEngine>().FileAsync(Unit(relativePath), FilingMode.Move, partner: null, new FilingPlan(Layout), TestContext.Current.CancellationToken);

    public void Dispose() => _host.Dispose();
}
