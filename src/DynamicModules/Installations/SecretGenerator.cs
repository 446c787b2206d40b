using System.Security.Cryptography;

namespace DynamicModules.Installations;

/// <summary>Random secrets for installations and operators.</summary>
public static class SecretGenerator
{
    /// <summary>256 random bits as unpadded base64url (43 characters).</summary>
    public static string NewSecret() => Auth.Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
}
