using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;

namespace PhotoFactory.Tests.AppHost;

/// <summary>The catalogue's PostgreSQL, as the services and the deployment see it.</summary>
public sealed class FactoryDbTests(FullModel model) : IClassFixture<FullModel>
{
    [Fact]
    public void Factory_db_is_postgres_15_alpine()
    {
        var server = model.Resource<PostgresServerResource>("factory-db");

        Assert.Equal("docker.io/postgres:15-alpine", server.Image());
    }

    [Fact]
    public void Factory_db_keeps_its_data_in_a_named_volume()
    {
        var server = model.Resource<PostgresServerResource>("factory-db");

        var data = server.MountAt("/var/lib/postgresql/data");
        Assert.Equal(ContainerMountType.Volume, data.Type);
        Assert.Equal("photofactory-db-data", data.Source);
        Assert.False(data.IsReadOnly);
    }

    [Fact]
    public void Factory_db_leaves_host_port_5432_to_a_host_postgres()
    {
        var tcp = model.Resource<PostgresServerResource>("factory-db").Endpoint("tcp");

        Assert.Equal(5433, tcp.Port);
        Assert.Equal(5432, tcp.TargetPort);
        Assert.Equal(ProtocolType.Tcp, tcp.Protocol);
    }

    [Fact]
    public void Factory_db_password_is_a_secret_parameter()
    {
        var server = model.Resource<PostgresServerResource>("factory-db");

        Assert.Equal("factory-db-password", server.PasswordParameter.Name);
        Assert.True(server.PasswordParameter.Secret);
    }

    [Fact]
    public void The_catalogue_database_is_named_photofactory_as_the_services_read_it()
    {
        var database = model.Resource<PostgresDatabaseResource>("photofactory");

        Assert.Equal("photofactory", database.DatabaseName);
        Assert.Equal("factory-db", database.Parent.Name);
        Assert.Equal(PhotoFactory.Catalog.CatalogOptions.ConnectionStringName, database.Name);
    }
}
