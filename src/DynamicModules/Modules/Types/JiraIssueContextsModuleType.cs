using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Connect <c>jiraIssueContexts</c> (Jira issue view context panel; specs/connect.md §4.9).</summary>
internal static class JiraIssueContextsModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "jiraIssueContexts",
        ModuleDialect.Connect,
        PropertySpec.I18n("name").AsRequired(),
        ConnectProperties.Icon().AsRequired(),
        PropertySpec.Object(
            "content",
            PropertySpec.Enum("type", "label").IgnoringCase().AsRequired(),
            PropertySpec.I18n("label")).AsRequired(),
        PropertySpec.Object(
            "target",
            PropertySpec.Enum("type", "web_panel").IgnoringCase().AsRequired(),
            PropertySpec.UiUrl("url").AsRequired()).AsRequired(),
        PropertySpec.Conditions(),
        PropertySpec.Boolean("jiraNativeAppsEnabled"));
}
