using PhotoFactory;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Monitor;

var builder = WebApplication.CreateBuilder(args);
// Secrets a deployment hands over as files (NAME_FILE), before anything reads them.
builder.Configuration.AddSecretFiles();

builder.AddServiceDefaults(MonitorTelemetry.Name);
builder.AddCatalog(CatalogSchemaMode.WaitForOwner);
builder.AddMonitor();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
