using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;

namespace PhotoFactory.Tests.AppHost;

/// <summary>Syncthing, which brings photos from devices into the inbox.</summary>
public sealed class SyncthingTests(FullModel model) : IClassFixture<FullModel>
{
    private ContainerResource Syncthing => model.Container("syncthing");

    [Fact]
    public void Syncthing_runs_the_1_27_image()
    {
        Assert.Equal("syncthing/syncthing:1.27", Syncthing.Image());
    }

    [Fact]
    public void Syncthing_gui_is_http_on_8384()
    {
        var gui = Syncthing.Endpoint("http");

        Assert.Equal("http", gui.UriScheme);
        Assert.Equal(8384, gui.Port);
        Assert.Equal(8384, gui.TargetPort);
    }

    [Fact]
    public void Syncthing_exposes_sync_port_over_tcp_and_udp()
    {
        var tcp = Syncthing.Endpoint("sync-tcp");
        var udp = Syncthing.Endpoint("sync-udp");

        Assert.Equal((22000, 22000, ProtocolType.Tcp), (tcp.Port, tcp.TargetPort, tcp.Protocol));
        Assert.Equal((22000, 22000, ProtocolType.Udp), (udp.Port, udp.TargetPort, udp.Protocol));
        // Devices connect to the published port itself; UDP cannot go through Aspire's proxy at all.
        Assert.False(tcp.IsProxied);
        Assert.False(udp.IsProxied);
    }

    [Fact]
    public void Syncthing_listens_for_local_discovery_on_21027_udp()
    {
        var discovery = Syncthing.Endpoint("discovery");

        Assert.Equal((21027, 21027, ProtocolType.Udp), (discovery.Port, discovery.TargetPort, discovery.Protocol));
        Assert.False(discovery.IsProxied);
    }

    [Fact]
    public void Syncthing_delivers_into_the_inbox()
    {
        var folder = Syncthing.MountAt("/var/syncthing/Sync");

        Assert.Equal(ContainerMountType.BindMount, folder.Type);
        Assert.Equal(model.UnderDataRoot("Photos_Inbox"), folder.Source);
        Assert.False(folder.IsReadOnly);
    }

    [Fact]
    public void Syncthing_keeps_its_configuration_under_app_data()
    {
        var config = Syncthing.MountAt("/var/syncthing/config");

        Assert.Equal(ContainerMountType.BindMount, config.Type);
        Assert.Equal(model.UnderDataRoot("Stack/App_Data/syncthing"), config.Source);
    }

    [Fact]
    public async Task Syncthing_accepts_the_api_key_parameter_the_monitor_is_given()
    {
        var syncthing = await model.EnvironmentAsync(Syncthing);
        var monitor = await model.EnvironmentAsync(model.Project("monitor"));

        Assert.Equal("{syncthing-api-key.value}", syncthing["STGUIAPIKEY"]);
        Assert.Equal("{syncthing-api-key.value}", monitor["Monitor__Syncthing__ApiKey"]);
        Assert.True(model.Resource<ParameterResource>("syncthing-api-key").Secret);
    }
}
