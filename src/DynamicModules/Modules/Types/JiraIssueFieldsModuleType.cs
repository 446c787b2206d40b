using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Connect <c>jiraIssueFields</c> (Jira; specs/connect.md §4.7).</summary>
internal static class JiraIssueFieldsModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "jiraIssueFields",
        ModuleDialect.Connect,
        PropertySpec.I18n("name").AsRequired(),
        PropertySpec.I18n("description").AsRequired(),
        PropertySpec.Enum("type", "string", "text", "rich_text", "number", "single_select", "multi_select", "user", "read_only")
            .IgnoringCase().AsRequired(),
        PropertySpec.ObjectArray(
            "extractions",
            PropertySpec.String("path").AsRequired(),
            PropertySpec.Enum("type", "number", "string", "text", "date", "user").IgnoringCase().AsRequired(),
            PropertySpec.String("name")),
        PropertySpec.Object(
            "property",
            PropertySpec.String("key").AsRequired(),
            PropertySpec.String("path"),
            PropertySpec.Enum("type", "number", "string", "date").IgnoringCase()),
        PropertySpec.Object("template", PropertySpec.String("type"), PropertySpec.UiUrl("url")));
}
