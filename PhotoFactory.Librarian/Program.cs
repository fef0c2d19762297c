using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Librarian;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(LibrarianTelemetry.Name);
builder.AddCatalog(CatalogSchemaMode.ApplyMigrations);
builder.AddLibrarian();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
