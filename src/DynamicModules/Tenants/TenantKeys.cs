using System.Text.RegularExpressions;

namespace DynamicModules.Tenants;

/// <summary>The tenant key rule: it appears in every app-facing URL, so it is kept to a DNS-label-like set.</summary>
public static partial class TenantKeys
{
    /// <summary>True when <paramref name="key"/> matches <c>[a-z0-9-]{1,63}</c>.</summary>
    public static bool IsValid(string? key) => key is not null && Pattern().IsMatch(key);

    [GeneratedRegex("^[a-z0-9-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
