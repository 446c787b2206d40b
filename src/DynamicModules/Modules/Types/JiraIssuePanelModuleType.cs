using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Forge <c>jira:issuePanel</c>: a panel in the issue view.</summary>
internal static class JiraIssuePanelModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "jira:issuePanel",
        ModuleDialect.Forge,
        [
            .. ForgeProperties.UserInterface(),
            PropertySpec.String("title").AsRequired(),
            PropertySpec.String("icon").AsRequired(),
            PropertySpec.Boolean("allowMultiple"),
        ])
    {
        Rules = ForgeProperties.UserInterfaceRules(),
    };
}
