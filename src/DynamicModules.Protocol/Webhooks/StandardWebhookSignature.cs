using System.Security.Cryptography;
using System.Text;

namespace DynamicModules.Protocol.Webhooks;

/// <summary>
/// Standard Webhooks v1 signatures (specs/peers.md §1): <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")),
/// where the key is the base64-decoded part of the installation's <c>whsec_</c> secret.
/// </summary>
public static class StandardWebhookSignature
{
    /// <summary>The prefix of signing secrets.</summary>
    public const string SecretPrefix = "whsec_";

    /// <summary>A new random signing secret (256 bits).</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The <c>webhook-signature</c> header value for a message.</summary>
    public static string Sign(string secret, string webhookId, long timestampSeconds, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var content = Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{webhookId}.{timestampSeconds}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
