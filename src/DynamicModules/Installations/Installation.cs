namespace DynamicModules.Installations;

/// <summary>An app in a tenant.</summary>
/// <param name="Id">Internal id.</param>
/// <param name="TenantId">The tenant's internal id.</param>
/// <param name="AppKey">The app's descriptor key.</param>
/// <param name="State">One of <see cref="InstallationStates"/>.</param>
/// <param name="SharedSecret">
/// The Connect HS256 secret, fresh at every <c>installed</c> callback; null when its stored ciphertext does
/// not decrypt with the configured keys (then nothing authenticates as the app until it is reinstalled).
/// </param>
/// <param name="SigningSecret">
/// The Standard Webhooks signing secret of this installation's deliveries; null when it does not decrypt.
/// </param>
/// <param name="QuotaLimit">Operator-set dynamic module limit for this app, or null for the tenant default.</param>
/// <param name="DescriptorVersion">Number of the current descriptor version (1 at first install).</param>
/// <param name="Descriptor">The current descriptor JSON.</param>
/// <param name="Translations">The app's translations as JSON (locale → key → text).</param>
/// <param name="CreatedAt">First install.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record Installation(
    long Id,
    long TenantId,
    string AppKey,
    string State,
    string? SharedSecret,
    string? SigningSecret,
    int? QuotaLimit,
    int DescriptorVersion,
    string Descriptor,
    string Translations,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>True when the app is installed and enabled.</summary>
    public bool IsEnabled => State == InstallationStates.Enabled;

    /// <summary>The effective per-installation limit given the tenant's default.</summary>
    public int EffectiveLimit(int tenantDefault) => QuotaLimit ?? tenantDefault;
}
