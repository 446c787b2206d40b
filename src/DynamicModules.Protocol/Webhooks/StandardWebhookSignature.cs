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

    /// <summary>How far a <c>webhook-timestamp</c> may be from the receiver's clock, either way (the Standard Webhooks default).</summary>
    public static readonly TimeSpan TimestampTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The longest <c>webhook-signature</c> header accepted, in characters (a few signatures during rotation).</summary>
    public const int MaxSignatureHeaderLength = 2048;

    /// <summary>
    /// Why a received message fails Standard Webhooks verification, or null when it passes: the timestamp must be an
    /// integer within <see cref="TimestampTolerance"/> of <paramref name="now"/> (stale and replayed messages fail) and one
    /// of the space-separated <c>v1,</c> signatures must match, compared in constant time. Never throws on bad input.
    /// </summary>
    /// <param name="secret">The installation's <c>whsec_</c> signing secret.</param>
    /// <param name="webhookId">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header.</param>
    /// <param name="body">The raw body, exactly as received.</param>
    /// <param name="signatureHeader">The <c>webhook-signature</c> header.</param>
    /// <param name="now">The receiver's clock.</param>
    public static string? Verify(string secret, string? webhookId, string? timestamp, string body, string? signatureHeader, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrEmpty(webhookId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatureHeader))
        {
            return "webhook-id, webhook-timestamp or webhook-signature is missing";
        }

        if (signatureHeader.Length > MaxSignatureHeaderLength)
        {
            return "webhook-signature is too long";
        }

        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return "webhook-timestamp is not a Unix time in seconds";
        }

        if ((DateTimeOffset.FromUnixTimeSeconds(seconds) - now).Duration() > TimestampTolerance)
        {
            return "webhook-timestamp is too far from now";
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, webhookId, seconds, body));
        var matches = false;
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            matches |= CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), expected);
        }

        return matches ? null : "no webhook-signature matches";
    }
}
