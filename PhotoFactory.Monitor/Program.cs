using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Monitor;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(MonitorTelemetry.Name);
builder.AddCatalog(CatalogSchemaMode.WaitForOwner);
builder.AddMonitor();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
