using System.Security.Cryptography;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Installations;

/// <summary>Random secrets for installations and operators.</summary>
public static class SecretGenerator
{
    /// <summary>256 random bits as unpadded base64url (43 characters).</summary>
    public static string NewSecret() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
}
