using System.Security.Cryptography;
using System.Text;

namespace DynamicModules.ForgeRemote;

/// <summary>
/// The Forge-style identifiers the service hands remotes. They are derived, not stored: the same installation (tenant
/// clientKey and app key) always gets the same installation id, across nodes and reinstalls.
/// </summary>
public static class ForgeIds
{
    /// <summary>The installation id of the app <paramref name="appKey"/> in the tenant <paramref name="clientKey"/>.</summary>
    public static string InstallationId(string clientKey, string appKey) =>
        "ari:cloud:ecosystem::installation/" + DerivedUuid("installation", clientKey, appKey);

    /// <summary>The id of the app's environment of <paramref name="environmentType"/> (one per app and type).</summary>
    public static string EnvironmentId(string appId, string environmentType) => DerivedUuid("environment", appId, environmentType);

    // A UUID-shaped (version 8, RFC 9562) digest of the parts, so ids look like Forge's and never collide by accident.
    private static string DerivedUuid(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts)));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash, 0, 16);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }
}
