using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Forge <c>jira:issueAction</c>: an entry in the issue view's "more actions" menu, opening a modal.</summary>
internal static class JiraIssueActionModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "jira:issueAction",
        ModuleDialect.Forge,
        [.. ForgeProperties.UserInterface(), PropertySpec.String("title").AsRequired(), ForgeProperties.ViewportSize()])
    {
        Rules = ForgeProperties.UserInterfaceRules(),
    };
}
