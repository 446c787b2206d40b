using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace DynamicModules.Auth;

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
        if (string.IsNullOrEmpty(rawQuery) || rawQuery == "?")
        {
            return string.Empty;
        }

        var parsed = QueryHelpers.ParseQuery(rawQuery.StartsWith('?') ? rawQuery : "?" + rawQuery);
        var entries = new List<string>(parsed.Count);
        foreach (var (name, values) in parsed)
        {
            if (name == "jwt")
            {
                continue;
            }

            var sorted = values.Select(v => v ?? string.Empty).ToArray();
            Array.Sort(sorted, string.CompareOrdinal);
            entries.Add(Encode(name) + "=" + string.Join(',', sorted.Select(Encode)));
        }

        entries.Sort(string.CompareOrdinal);
        return string.Join('&', entries);
    }

    // Uri.EscapeDataString keeps exactly the RFC 3986 unreserved set and upper-cases hex (connect.md §2.4 rule 4).
    private static string Encode(string value) => Uri.EscapeDataString(value);
}
