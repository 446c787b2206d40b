using System.Diagnostics.CodeAnalysis;

namespace DynamicModules.ForgeRemote;

/// <summary>The outcome of checking an app token: the installation it is bound to and the acting user, or why it was refused.</summary>
public sealed record AppTokenCheck(string? AppKey, string? InstallationId, string? AccountId, string? Failure)
{
    /// <summary>True when the token is valid for the tenant it was checked against.</summary>
    [MemberNotNullWhen(true, nameof(AppKey), nameof(InstallationId))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    /// <summary>A refusal; the reason is for logs only.</summary>
    public static AppTokenCheck Refused(string failure) => new(null, null, null, failure);
}
