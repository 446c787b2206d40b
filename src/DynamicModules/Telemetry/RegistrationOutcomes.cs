using DynamicModules.Registration;

namespace DynamicModules.Telemetry;

/// <summary>The <c>outcome</c> label of <c>dynmod_registrations_total</c>: one short name per kind of <see cref="RegistrationOutcome"/>.</summary>
public static class RegistrationOutcomes
{
    /// <summary>Every name <see cref="NameOf"/> gives.</summary>
    public static readonly IReadOnlyList<string> All = ["accepted", "invalid", "duplicate", "over_quota", "forbidden", "not_found"];

    /// <summary><c>accepted</c>, <c>invalid</c>, <c>duplicate</c>, <c>over_quota</c>, <c>forbidden</c> or <c>not_found</c>.</summary>
    public static string NameOf(RegistrationOutcome outcome) => outcome switch
    {
        RegistrationOutcome.Accepted => "accepted",
        RegistrationOutcome.Invalid => "invalid",
        RegistrationOutcome.Duplicate => "duplicate",
        RegistrationOutcome.OverQuota => "over_quota",
        RegistrationOutcome.Forbidden => "forbidden",
        _ => "not_found",
    };
}
