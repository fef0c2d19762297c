namespace PhotoFactory;

/// <summary>Names of the resources in the AppHost, shared with the services that look them up.</summary>
public static class ResourceNames
{
    public const string FactoryDb = "factory-db";
    public const string CatalogDatabase = "photofactory";
    public const string Librarian = "librarian";
    public const string Monitor = "monitor";
    public const string Dashboard = "dashboard";
    public const string Syncthing = "syncthing";
    public const string ImmichServer = "immich-server";
    public const string ImmichMachineLearning = "immich-machine-learning";
    public const string ImmichDatabase = "immich-db";
    public const string ImmichCache = "immich-cache";
    public const string Homepage = "homepage";
}
