using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Connect <c>jiraEntityProperties</c> (Jira; specs/connect.md §4.8): makes entity properties searchable.</summary>
internal static class JiraEntityPropertiesModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "jiraEntityProperties",
        ModuleDialect.Connect,
        PropertySpec.I18n("name").AsRequired(),
        PropertySpec.String("entityType"),
        PropertySpec.ObjectArray(
            "keyConfigurations",
            PropertySpec.String("propertyKey").AsRequired(),
            PropertySpec.ObjectArray(
                "extractions",
                PropertySpec.String("objectName").AsRequired(),
                PropertySpec.Enum("type", "number", "string", "text", "date", "user").IgnoringCase().AsRequired(),
                PropertySpec.String("alias")) with
            { IsRequired = true }) with
        { IsRequired = true, MinItems = 1 });
}
