namespace DynamicModules.Protocol.Jose;

/// <summary>Unpadded base64url (RFC 4648 §5), as JWS uses.</summary>
public static class Base64Url
{
    /// <summary>Encodes without padding.</summary>
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);

    /// <summary>
    /// Decodes strict unpadded base64url: only <c>A–Z a–z 0–9 - _</c>, no padding, no whitespace, and
    /// unused trailing bits zero. Returns false otherwise.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        // The BCL decoder tolerates padding and whitespace; a JWS segment allows neither, and a lenient
        // reader lets the same token exist in several spellings.
        if (text.Length % 4 == 1 || text.ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = System.Buffers.Text.Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }

        // Refuse non-zero leftover bits so each byte string has exactly one encoding.
        if (!text.SequenceEqual(Encode(decoded)))
        {
            return false;
        }

        bytes = decoded;
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> Alphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
