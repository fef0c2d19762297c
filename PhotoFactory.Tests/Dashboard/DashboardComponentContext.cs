using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Catalog;
using PhotoFactory.Dashboard;
using PhotoFactory.Dashboard.Library;
using PhotoFactory.Dashboard.Live;
using PhotoFactory.Dashboard.Overview;
using PhotoFactory.Dashboard.Problems;
using PhotoFactory.Dashboard.Stack;
using PhotoFactory.Tests.Catalog;
using Radzen;
using Radzen.Blazor.Rendering;

namespace PhotoFactory.Tests.Dashboard;

/// <summary>
/// A bUnit context wired as the Dashboard wires itself, on a real test catalogue, with a fake clock that drives
/// both the data's ages and the pages' refresh timers.
/// </summary>
public static class DashboardComponentContext
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    public static BunitContext Create(TestCatalog catalog, FakeTimeProvider time, bool catalogueReady = true)
    {
        // bUnit's default of one second judges the machine: a loaded one takes longer over a first query and render.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(30);
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        // Radzen's charts ask the browser for their size before drawing.
        context.JSInterop.Setup<Rect>("Radzen.createChart", _ => true).SetResult(new Rect { Width = 600, Height = 260 });
        var readiness = new CatalogReadiness();
        if (catalogueReady)
        {
            readiness.MarkReady("catalogue schema current (test)");
        }
        else
        {
            readiness.Report("waiting for the Librarian to apply 3 migration(s)");
        }

        context.Services.AddLogging();
        context.Services.AddRadzenComponents();
        context.Services.AddSingleton(readiness);
        context.Services.AddSingleton<TimeProvider>(time);
        context.Services.AddSingleton(catalog.Contexts());
        context.Services.AddOptions<DashboardOptions>().Configure(options =>
        {
            options.RefreshInterval = RefreshInterval;
            options.AggregateRefreshInterval = TimeSpan.Zero;
        });
        context.Services.AddSingleton(typeof(Cached<>));
        context.Services.AddSingleton<OverviewQuery>();
        context.Services.AddSingleton<LibraryQuery>();
        context.Services.AddSingleton<ProblemsQuery>();
        context.Services.AddSingleton<PhotoFactory.Dashboard.Originals.OriginalsQuery>();
        context.Services.AddSingleton<ServicesQuery>();
        return context;
    }
}
