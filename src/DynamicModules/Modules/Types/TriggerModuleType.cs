using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>
/// Forge <c>trigger</c> (specs/forge-triggers-expressions.md §2.1): product events delivered to a
/// declared function or endpoint, optionally filtered by an expression.
/// </summary>
internal static class TriggerModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "trigger",
        ModuleDialect.Forge,
        PropertySpec.StringArray("events", minItems: 1).AsRequired(),
        PropertySpec.FunctionReference("function"),
        PropertySpec.EndpointReference("endpoint"),
        PropertySpec.Object(
            "filter",
            PropertySpec.FilterExpression("expression"),
            PropertySpec.Enum("onError", "IGNORE_AND_LOG", "IGNORE", "RECEIVE_AND_LOG", "RECEIVE"),
            PropertySpec.Boolean("ignoreSelf"),
            PropertySpec.Boolean("appIsLicensed"))
            .WithRules(ObjectRule.OnlyWith("onError", "expression")),
        PropertySpec.Object("payload"))
    {
        Rules = [ObjectRule.ExactlyOneOf("function", "endpoint")],
        // Triggers receive product data, like Connect webhooks; READ is the Connect scope for that.
        RequiredScopes = ["READ"],
    };
}
