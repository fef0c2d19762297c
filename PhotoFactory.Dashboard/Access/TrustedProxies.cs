using System.Net;

namespace PhotoFactory.Dashboard.Access;

/// <summary>Reads <see cref="AccessOptions.TrustedProxies"/>: addresses and CIDR networks, separated by commas or semicolons.</summary>
public static class TrustedProxies
{
    public static IReadOnlyList<IPNetwork> Parse(string? text, out IReadOnlyList<string> invalid)
    {
        var networks = new List<IPNetwork>();
        var bad = new List<string>();
        foreach (var entry in (text ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                bad.Add(entry);
            }
        }

        invalid = bad;
        return networks;
    }
}
