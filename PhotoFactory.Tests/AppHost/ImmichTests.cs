using Aspire.Hosting.ApplicationModel;
using PhotoFactory.AppHost;

namespace PhotoFactory.Tests.AppHost;

/// <summary>Immich: the gallery, its machine learning, its own database and its cache.</summary>
public sealed class ImmichTests(FullModel model) : IClassFixture<FullModel>
{
    [Theory]
    [InlineData("immich-server", "ghcr.io/immich-app/immich-server:v3.2.2")]
    [InlineData("immich-machine-learning", "ghcr.io/immich-app/immich-machine-learning:v3.2.2-cuda")]
    // Tag and digest, the digests as Immich's own compose file pins them.
    [InlineData("immich-db", "ghcr.io/immich-app/postgres:14-vectorchord0.4.3-pgvectors0.2.0@sha256:bcf63357191b76a916ae5eb93464d65c07511da41e3bf7a8416db519b40b1c23")]
    [InlineData("immich-cache", "docker.io/valkey/valkey:9@sha256:546304417feac0874c3dd576e0952c6bb8f06bb4093ea0c9ca303c73cf458f63")]
    public void Immich_runs_pinned_images(string resource, string image)
    {
        Assert.Equal(image, model.Container(resource).Image());
    }

    [Fact]
    public void Immich_server_serves_http_on_2283()
    {
        var http = model.Container("immich-server").Endpoint("http");

        Assert.Equal((2283, 2283, "http"), (http.Port, http.TargetPort, http.UriScheme));
    }

    [Fact]
    public void Immich_machine_learning_serves_http_on_3003()
    {
        var http = model.Container("immich-machine-learning").Endpoint("http");

        Assert.Equal((3003, 3003, "http"), (http.Port, http.TargetPort, http.UriScheme));
    }

    [Fact]
    public void Immich_shows_the_originals_read_only_as_an_external_library()
    {
        var originals = model.Container("immich-server").MountAt("/mnt/media/originals");

        Assert.Equal(ContainerMountType.BindMount, originals.Type);
        Assert.Equal(model.UnderDataRoot("Storage/Originals"), originals.Source);
        Assert.True(originals.IsReadOnly);
    }

    [Theory]
    [InlineData("immich-server", "/data", "photofactory-immich-upload")]
    [InlineData("immich-machine-learning", "/cache", "photofactory-immich-model-cache")]
    [InlineData("immich-db", "/var/lib/postgresql/data", "photofactory-immich-db-data")]
    public void Immich_keeps_its_state_in_named_volumes(string resource, string target, string volume)
    {
        var mount = model.Container(resource).MountAt(target);

        Assert.Equal(ContainerMountType.Volume, mount.Type);
        Assert.Equal(volume, mount.Source);
        Assert.False(mount.IsReadOnly);
    }

    [Fact]
    public async Task Immich_server_is_wired_to_its_database_cache_and_machine_learning()
    {
        var environment = await model.EnvironmentAsync(model.Container("immich-server"));

        Assert.Equal("{immich-db.bindings.tcp.host}", environment["DB_HOSTNAME"]);
        Assert.Equal("{immich-db.bindings.tcp.targetPort}", environment["DB_PORT"]);
        Assert.Equal("postgres", environment["DB_USERNAME"]);
        Assert.Equal("{immich-db-password.value}", environment["DB_PASSWORD"]);
        Assert.Equal("immich", environment["DB_DATABASE_NAME"]);
        Assert.Equal("{immich-cache.bindings.tcp.host}", environment["REDIS_HOSTNAME"]);
        Assert.Equal("{immich-cache.bindings.tcp.targetPort}", environment["REDIS_PORT"]);
        Assert.Equal(
            "http://{immich-machine-learning.bindings.http.host}:{immich-machine-learning.bindings.http.targetPort}",
            environment["IMMICH_MACHINE_LEARNING_URL"]);
    }

    [Fact]
    public async Task Immich_database_is_created_with_the_credentials_the_server_uses()
    {
        var database = model.Container("immich-db");
        var environment = await model.EnvironmentAsync(database);

        Assert.IsNotType<PostgresServerResource>(database);
        Assert.Equal("postgres", environment["POSTGRES_USER"]);
        Assert.Equal("{immich-db-password.value}", environment["POSTGRES_PASSWORD"]);
        Assert.Equal("immich", environment["POSTGRES_DB"]);
        Assert.Equal("--data-checksums", environment["POSTGRES_INITDB_ARGS"]);
        // None of AddPostgres's authentication settings, which would override the image's configuration.
        Assert.DoesNotContain("POSTGRES_HOST_AUTH_METHOD", environment.Keys);
    }

    [Fact]
    public async Task Immich_database_gets_the_shared_memory_immichs_compose_file_gives_it()
    {
        var args = await model.Container("immich-db").RuntimeArgsAsync();

        Assert.Contains("--shm-size=128m", args);
    }

    [Fact]
    public void Immich_cache_runs_the_images_own_entrypoint()
    {
        var cache = model.Container("immich-cache");

        Assert.Null(cache.Entrypoint);
        Assert.Empty(cache.Annotations.OfType<CommandLineArgsCallbackAnnotation>());
    }

    [Fact]
    public void Immich_server_waits_for_its_database_and_cache()
    {
        var waits = model.Container("immich-server").WaitsFor();

        Assert.Contains("immich-db", waits);
        Assert.Contains("immich-cache", waits);
    }

    [Theory]
    [InlineData("immich-server")]
    [InlineData("immich-machine-learning")]
    public async Task Immich_requests_an_nvidia_gpu(string resource)
    {
        var container = model.Container(resource);

        var gpu = Assert.Single(container.Annotations.OfType<GpuRequestAnnotation>());
        Assert.Equal(("nvidia", 1), (gpu.Driver, gpu.Count));
        Assert.Equal(["gpu"], gpu.Capabilities);
        var args = await container.RuntimeArgsAsync();
        Assert.Contains("--gpus all", string.Join(' ', args));
    }

    [Theory]
    [InlineData("immich-db", 5434)]
    [InlineData("immich-cache", 6380)]
    public void Immich_internal_services_take_their_own_host_ports(string resource, int port)
    {
        Assert.Equal(port, model.Container(resource).Endpoint("tcp").Port);
    }
}
