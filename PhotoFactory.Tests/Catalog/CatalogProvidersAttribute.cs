using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace PhotoFactory.Tests.Catalog;

/// <summary>Runs a theory once on SQLite and once on PostgreSQL, so no catalogue test can forget one of them.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CatalogProvidersAttribute : DataAttribute
{
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        ValueTask.FromResult<IReadOnlyCollection<ITheoryDataRow>>(
            [.. Enum.GetValues<CatalogProvider>().Select(provider => new TheoryDataRow<CatalogProvider>(provider))]);

    public override bool SupportsDiscoveryEnumeration() => true;
}
