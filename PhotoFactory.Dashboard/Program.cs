using PhotoFactory;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Dashboard;
using PhotoFactory.Dashboard.Access;
using PhotoFactory.Dashboard.Components;
using PhotoFactory.Dashboard.Overview;
using PhotoFactory.Dashboard.Thumbnails;

if (args is [HashPasswordCommand.Name, ..])
{
    return HashPasswordCommand.Run(Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);
}

var builder = WebApplication.CreateBuilder(args);
// Secrets a deployment hands over as files (NAME_FILE), before anything reads them.
builder.Configuration.AddSecretFiles();

builder.AddServiceDefaults(DashboardTelemetry.Name);
builder.AddCatalog(CatalogSchemaMode.WaitForOwner);
builder.AddDashboard();
builder.AddDashboardAccess();

var app = builder.Build();

app.UseDashboardAccess();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseAntiforgery();
// Library scripts and styles only; the sign-in page needs them before anyone has signed in.
app.MapStaticAssets().AllowAnonymous();
app.MapSignIn();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapSummary();
app.MapThumbnails();
app.MapDefaultEndpoints();

app.Run();
return 0;
