using DynamicModules.Installations;

namespace DynamicModules.Server.Installations;

/// <summary>An installation as the operator API shows it (never its secrets).</summary>
public sealed record InstallationResponse(
    string AppKey,
    string State,
    int DescriptorVersion,
    int? QuotaLimit,
    int EffectiveLimit,
    DateTimeOffset InstalledAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Maps an installation given its tenant's default limit.</summary>
    public static InstallationResponse From(Installation installation, int tenantDefaultLimit) => new(
        installation.AppKey, installation.State, installation.DescriptorVersion, installation.QuotaLimit,
        installation.EffectiveLimit(tenantDefaultLimit), installation.CreatedAt, installation.UpdatedAt);
}

/// <summary>Result of an install: the installation, what happened, and dynamic modules purged by an upgrade clash.</summary>
public sealed record InstallResponse(InstallationResponse Installation, string Operation, IReadOnlyList<string> PurgedModuleKeys);

/// <summary>Result of a lifecycle action that called the app: the new state and how the app answered.</summary>
public sealed record LifecycleActionResponse(string AppKey, string State, int? CallbackStatus, string CallbackDetail);
