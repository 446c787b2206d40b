using DynamicModules.Installations;
using DynamicModules.Tenants;

namespace DynamicModules.Registration;

/// <summary>An authenticated call from an installed, enabled app.</summary>
/// <param name="Tenant">The tenant addressed by the URL.</param>
/// <param name="Installation">The calling app's installation in that tenant.</param>
/// <param name="Subject">The acting user (JWT <c>sub</c>) for asUser calls; null for asApp.</param>
public sealed record AppCall(Tenant Tenant, Installation Installation, string? Subject)
{
    /// <summary>The actor recorded for changes made by this call.</summary>
    public string Actor => Audit.Actors.ForAppCall(Subject);

    /// <summary>The app key.</summary>
    public string AppKey => Installation.AppKey;
}
