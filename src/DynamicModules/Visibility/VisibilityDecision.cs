using System.Text.Json.Nodes;

namespace DynamicModules.Visibility;

/// <summary>What the service decided about one module for one viewer.</summary>
/// <param name="Visible">Whether the module is served.</param>
/// <param name="HostConditions">
/// The conditions the service could not decide, for the host to evaluate (Connect: a conditions array; Forge: a
/// displayConditions object); null when the service decided everything.
/// </param>
/// <param name="Failure">Why a <c>jira_expression</c> condition failed (the module is then hidden); null otherwise.</param>
public sealed record VisibilityDecision(bool Visible, JsonNode? HostConditions, string? Failure)
{
    /// <summary>Visible, nothing left for the host.</summary>
    public static VisibilityDecision Shown { get; } = new(true, null, null);

    /// <summary>Hidden.</summary>
    public static VisibilityDecision Hidden { get; } = new(false, null, null);
}
