using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Forge <c>jira:issueActivity</c>: a tab in the issue view's activity section.</summary>
internal static class JiraIssueActivityModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "jira:issueActivity",
        ModuleDialect.Forge,
        [.. ForgeProperties.UserInterface(), PropertySpec.String("title").AsRequired()])
    {
        Rules = ForgeProperties.UserInterfaceRules(),
    };
}
