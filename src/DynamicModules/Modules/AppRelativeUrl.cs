namespace DynamicModules.Modules;

/// <summary>
/// URLs the service itself calls (webhook <c>url</c>, lifecycle paths, function URLs). They must stay
/// under the app's registered <c>baseUrl</c>, so that a module definition can never make the service
/// send requests (with the app's JWT) to another host or to another path prefix of the same host.
/// </summary>
public static class AppRelativeUrl
{
    /// <summary>Longest accepted relative URL.</summary>
    public const int MaxLength = 2000;

    /// <summary>
    /// Checks that <paramref name="url"/> is relative to the app base URL: it starts with a single
    /// <c>/</c> (so no scheme and no protocol-relative <c>//host</c>), has no <c>..</c> path segment
    /// (also percent-encoded), no backslash, no <c>@</c> and no control characters. URI-template braces
    /// and a query string are allowed.
    /// </summary>
    public static bool TryValidate(string? url, out string error)
    {
        if (string.IsNullOrEmpty(url))
        {
            error = "Must be a URL relative to the app base URL, starting with '/'.";
            return false;
        }

        if (url.Length > MaxLength)
        {
            error = $"Must be at most {MaxLength} characters.";
            return false;
        }

        if (url[0] != '/' || url.StartsWith("//", StringComparison.Ordinal))
        {
            error = "Must be relative to the app base URL: start with a single '/', without scheme or host.";
            return false;
        }

        // Backslashes are read as slashes by some URL parsers ("/\evil.com"), and "@" can turn a
        // path into user-info when someone joins strings carelessly; neither is needed in app paths.
        if (url.Contains('\\', StringComparison.Ordinal))
        {
            error = "Must not contain a backslash.";
            return false;
        }

        if (url.Contains('@', StringComparison.Ordinal))
        {
            error = "Must not contain '@'.";
            return false;
        }

        if (url.Any(char.IsControl))
        {
            error = "Must not contain control characters.";
            return false;
        }

        var pathEnd = url.IndexOfAny(['?', '#']);
        var path = pathEnd < 0 ? url : url[..pathEnd];
        foreach (var segment in path.Split('/'))
        {
            // HTTP clients normalise dot segments, which would climb out of a base path like /connect.
            if (segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase) == "..")
            {
                error = "Must not contain '..' path segments.";
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    /// <summary>
    /// Appends <paramref name="relative"/> to <paramref name="appBaseUrl"/> as strings, keeping the base
    /// path (<c>https://app.example.com/connect</c> + <c>/installed</c> →
    /// <c>https://app.example.com/connect/installed</c>), which is how Connect joins them; RFC 3986
    /// resolution would drop <c>/connect</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="relative"/> is not a valid app-relative URL.</exception>
    public static string Join(string appBaseUrl, string relative)
    {
        ArgumentException.ThrowIfNullOrEmpty(appBaseUrl);
        // Checked again here, not only at registration, because this is the last step before a request leaves.
        if (!TryValidate(relative, out var error))
        {
            throw new ArgumentException($"'{relative}' is not an app-relative URL: {error}", nameof(relative));
        }

        return appBaseUrl.TrimEnd('/') + relative;
    }
}
