using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Forge <c>jira:issueContext</c>: a collapsible panel in the issue view's context area.</summary>
internal static class JiraIssueContextModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "jira:issueContext",
        ModuleDialect.Forge,
        [
            .. ForgeProperties.UserInterface(),
            PropertySpec.String("title").AsRequired(),
            PropertySpec.String("label"),
            PropertySpec.String("icon"),
            PropertySpec.Object("status"),
            PropertySpec.Object("dynamicProperties", PropertySpec.FunctionReference("function")),
        ])
    {
        Rules = ForgeProperties.UserInterfaceRules(),
    };
}
