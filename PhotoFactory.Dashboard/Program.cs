using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Dashboard;
using PhotoFactory.Dashboard.Components;
using PhotoFactory.Dashboard.Overview;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(DashboardTelemetry.Name);
builder.AddCatalog(CatalogSchemaMode.WaitForOwner);
builder.AddDashboard();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapSummary();
app.MapDefaultEndpoints();

app.Run();
