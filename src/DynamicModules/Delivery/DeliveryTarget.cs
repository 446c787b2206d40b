using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DynamicModules.Modules;

namespace DynamicModules.Delivery;

/// <summary>
/// Where a delivery goes: the app base URL joined with the module's app-relative URL (a webhook URL may carry
/// Connect template variables such as <c>{issue.key}</c>, filled from the payload and percent-encoded), and the
/// last check before a request leaves: the target must still be under the app's base URL (DESIGN §5).
/// </summary>
public static partial class DeliveryTarget
{
    /// <summary>The absolute target URL, or null and why it cannot be built.</summary>
    public static (string? Url, string? Error) Resolve(string appBaseUrl, string? relativeUrl, JsonElement payload)
    {
        if (relativeUrl is null)
        {
            return (null, "the module's function or endpoint is not declared in the app descriptor");
        }

        var expanded = TemplateVariable().Replace(relativeUrl, match => Uri.EscapeDataString(Lookup(payload, match.Groups[1].Value)));
        try
        {
            var url = AppRelativeUrl.Join(appBaseUrl, expanded);
            return IsUnderBaseUrl(url, appBaseUrl) ? (url, null) : (null, $"'{url}' is not under the app base URL {appBaseUrl}");
        }
        catch (ArgumentException exception)
        {
            return (null, exception.Message);
        }
    }

    /// <summary>
    /// True when <paramref name="url"/> has the scheme, host and port of <paramref name="appBaseUrl"/> and its
    /// normalised path (dot segments resolved, as an HTTP client would send it) lies under the base path.
    /// </summary>
    public static bool IsUnderBaseUrl(string url, string appBaseUrl)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || !Uri.TryCreate(appBaseUrl, UriKind.Absolute, out var baseUri))
        {
            return false;
        }

        if (!string.Equals(target.Scheme, baseUri.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(target.IdnHost, baseUri.IdnHost, StringComparison.OrdinalIgnoreCase)
            || target.Port != baseUri.Port || target.UserInfo.Length > 0)
        {
            return false;
        }

        var basePath = baseUri.AbsolutePath.TrimEnd('/');
        return target.AbsolutePath.StartsWith(basePath + "/", StringComparison.Ordinal) || target.AbsolutePath == basePath;
    }

    /// <summary>The text at a dotted path of the payload (strings as-is, other scalars as JSON), or empty.</summary>
    private static string Lookup(JsonElement payload, string path)
    {
        var current = payload;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return "";
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString() ?? "",
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => current.GetRawText(),
            _ => "",
        };
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_.]{1,200})\}", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateVariable();
}
