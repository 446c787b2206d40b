namespace DynamicModules.Modules;

/// <summary>
/// URLs that the product UI opens or embeds (web item links, panel iframes): either relative to the
/// app base URL (same rules as <see cref="AppRelativeUrl"/>) or absolute <c>http</c>/<c>https</c>.
/// The service never calls these itself.
/// </summary>
public static class UiUrl
{
    /// <summary>Checks a UI URL; <paramref name="error"/> says why it was refused.</summary>
    public static bool TryValidate(string? url, out string error)
    {
        if (string.IsNullOrEmpty(url))
        {
            error = "Must be a relative URL starting with '/' or an absolute http(s) URL.";
            return false;
        }

        if (url[0] == '/')
        {
            return AppRelativeUrl.TryValidate(url, out error);
        }

        if (url.Length > AppRelativeUrl.MaxLength)
        {
            error = $"Must be at most {AppRelativeUrl.MaxLength} characters.";
            return false;
        }

        if (url.Any(char.IsControl) || url.Contains('\\', StringComparison.Ordinal)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            error = "Must be a relative URL starting with '/' or an absolute http(s) URL.";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
