using System.Security.Cryptography;
using System.Text;

namespace DynamicModules.Protocol.Connect;

/// <summary>
/// The Connect query string hash (<c>qsh</c>): SHA-256 over a canonical form of method, path and query
/// (specs/connect.md §2.4). Both directions use it: apps sign requests to us with it, we sign callbacks
/// and webhooks to apps with it.
/// </summary>
public static class QueryStringHash
{
    /// <summary>Computes the lowercase hex qsh of a request.</summary>
    /// <param name="method">HTTP method, any case.</param>
    /// <param name="rawPath">The path as it appeared on the wire (percent-escapes untouched), without the query.</param>
    /// <param name="rawQuery">The raw query string, with or without the leading <c>?</c>; null or empty when none.</param>
    /// <param name="basePath">The receiver's base path to strip (e.g. <c>/wiki</c> or <c>/t/acme</c>); empty for none.</param>
    public static string Compute(string method, string rawPath, string? rawQuery, string basePath = "")
    {
        var canonical = CanonicalRequest(method, rawPath, rawQuery, basePath);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The canonical request string that <see cref="Compute"/> hashes.</summary>
    public static string CanonicalRequest(string method, string rawPath, string? rawQuery, string basePath = "") =>
        string.Concat(method.ToUpperInvariant(), "&", CanonicalUri(rawPath, basePath), "&", CanonicalQuery(rawQuery));

    internal static string CanonicalUri(string rawPath, string basePath)
    {
        var path = rawPath;
        var prefix = basePath.TrimEnd('/');
        // Plain prefix stripping on the raw string, as the reference implementations do; only strip
        // at a segment boundary so "/t/acme" never eats into "/t/acme2/...".
        if (prefix.Length > 0 && path.StartsWith(prefix, StringComparison.Ordinal)
            && (path.Length == prefix.Length || path[prefix.Length] == '/'))
        {
            path = path[prefix.Length..];
        }

        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }

        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path[..^1];
        }

        return path.Replace("&", "%26", StringComparison.Ordinal);
    }

    internal static string CanonicalQuery(string? rawQuery)
    {
        var query = rawQuery.AsSpan();
        if (query.StartsWith('?'))
        {
            query = query[1..];
        }

        // Names are case-sensitive here: "a" and "A" are different parameters and "JWT" is not the
        // token parameter. (QueryHelpers.ParseQuery merges names case-insensitively, so it can't be used.)
        var parameters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = FormDecode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : FormDecode(pair[(equals + 1)..]);
            if (name == "jwt")
            {
                continue;
            }

            if (!parameters.TryGetValue(name, out var values))
            {
                parameters[name] = values = [];
            }

            values.Add(value);
        }

        // Sort by encoded name alone (the Java reference's order; the same as atlassian-jwt's raw-name
        // order for unreserved names). Sorting whole "name=values" strings would misplace a name that
        // prefixes another, e.g. "a" and "a.b", because '=' sorts after '.' and digits.
        var entries = parameters
            .Select(p => (Name: Encode(p.Key), Values: p.Value))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p =>
            {
                // Repeated values are sorted raw (decoded), then encoded, as both references do.
                var sorted = p.Values.ToArray();
                Array.Sort(sorted, string.CompareOrdinal);
                return p.Name + "=" + string.Join(',', sorted.Select(Encode));
            });
        return string.Join('&', entries);
    }

    // application/x-www-form-urlencoded decoding as atlassian-jwt (Node querystring) and Java's URLDecoder
    // do it: '+' is a space, valid %XX escapes are bytes, a malformed escape stays literal, and the bytes
    // are read as UTF-8 with invalid sequences replaced by U+FFFD. Never throws.
    private static string FormDecode(ReadOnlySpan<char> component)
    {
        if (!component.ContainsAny('%', '+'))
        {
            return component.ToString();
        }

        var bytes = new List<byte>(component.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '%' && i + 2 < component.Length && IsHex(component[i + 1]) && IsHex(component[i + 2]))
            {
                bytes.Add((byte)((HexValue(component[i + 1]) << 4) | HexValue(component[i + 2])));
                i += 2;
            }
            else
            {
                // Literal characters pass through as UTF-8; a lone surrogate becomes U+FFFD, which is also
                // what Uri.EscapeDataString makes of one that takes the fast path above.
                var length = char.IsHighSurrogate(c) && i + 1 < component.Length && char.IsLowSurrogate(component[i + 1])
                    ? Encoding.UTF8.GetBytes(component.Slice(i++, 2), utf8)
                    : Encoding.UTF8.GetBytes(component.Slice(i, 1), utf8);
                bytes.AddRange(utf8[..length]);
            }
        }

        return Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    // Uri.EscapeDataString keeps exactly the RFC 3986 unreserved set and upper-cases hex (connect.md §2.4 rule 4).
    private static string Encode(string value) => Uri.EscapeDataString(value);
}
