using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Forge <c>jira:customField</c>: a custom field with an optional custom view and edit UI.</summary>
internal static class JiraCustomFieldModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "jira:customField",
        ModuleDialect.Forge,
        PropertySpec.String("name").AsRequired(),
        PropertySpec.String("description"),
        PropertySpec.Enum("type", "string", "number", "user", "group", "object", "datetime", "date").AsRequired(),
        PropertySpec.Enum("collection", "none", "list"),
        PropertySpec.Boolean("readOnly"),
        PropertySpec.Object("validation", PropertySpec.String("expression").AsRequired(), PropertySpec.String("errorMessage")),
        PropertySpec.Object(
            "view",
            PropertySpec.ResourceReference("resource"),
            ForgeProperties.Render(),
            PropertySpec.StringArray("experience"),
            PropertySpec.Object("formatter", PropertySpec.String("expression").AsRequired())),
        PropertySpec.Object(
            "edit",
            PropertySpec.ResourceReference("resource"),
            ForgeProperties.Render(),
            PropertySpec.StringArray("experience")),
        ForgeProperties.Resolver(),
        PropertySpec.Object("schema"),
        PropertySpec.Object("searchSuggestions"));
}
