namespace DynamicModules.Tenants;

/// <summary>One customer site of the host product.</summary>
/// <param name="Id">Internal id; never leaves the service.</param>
/// <param name="Key">The key in URLs (<c>[a-z0-9-]{1,63}</c>).</param>
/// <param name="ClientKey">Stable generated identifier sent to apps as <c>clientKey</c>.</param>
/// <param name="ProductType">The product the tenant runs (<c>jira</c>, <c>confluence</c>, ...).</param>
/// <param name="DisplayName">Human name.</param>
/// <param name="PerAppLimit">Default dynamic module limit per app installation.</param>
/// <param name="TenantLimit">Optional cap on dynamic modules across all apps; null when off.</param>
/// <param name="RegistrationPolicy"><c>any</c> or <c>product-admin</c> (DESIGN §4.1).</param>
/// <param name="AllowAsApp">Whether asApp registration calls are allowed.</param>
/// <param name="ModuleVersion">Bumped by every change to the modules the tenant serves.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last change of the tenant's settings.</param>
/// <param name="WikiContextPath">
/// Whether the tenant's base URL ends in Confluence Cloud's <c>/wiki</c> context path: set for Confluence tenants
/// created since that rule (DESIGN §4.1), unset for older ones, which keep the base URL their apps were given.
/// </param>
public sealed record Tenant(
    long Id,
    string Key,
    string ClientKey,
    string ProductType,
    string DisplayName,
    int PerAppLimit,
    int? TenantLimit,
    string RegistrationPolicy,
    bool AllowAsApp,
    long ModuleVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool WikiContextPath = false)
{
    /// <summary>The product type whose tenants get the <c>/wiki</c> context path.</summary>
    public const string Confluence = "confluence";

    /// <summary>The path of the tenant's base URL, from the server root: <c>/t/{key}</c>, plus <c>/wiki</c> when it has the context path.</summary>
    public string BasePath => WikiContextPath ? $"/t/{Key}/wiki" : $"/t/{Key}";
}
