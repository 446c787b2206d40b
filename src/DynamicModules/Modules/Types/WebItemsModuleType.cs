using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Connect <c>webItems</c> (specs/connect.md §4.2).</summary>
internal static class WebItemsModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "webItems",
        ModuleDialect.Connect,
        PropertySpec.String("location").AsRequired(),
        PropertySpec.I18n("name").AsRequired(),
        PropertySpec.UiUrl("url").AsRequired(),
        PropertySpec.Enum("context", "page", "addon", "product").IgnoringCase(),
        PropertySpec.Object(
            "target",
            PropertySpec.Enum("type", "page", "dialog", "inlinedialog", "dialogmodule").IgnoringCase(),
            PropertySpec.Object("options")),
        PropertySpec.Conditions(),
        ConnectProperties.Icon(),
        ConnectProperties.Tooltip(),
        ConnectProperties.Weight(),
        PropertySpec.StringArray("styleClasses"),
        ConnectProperties.Params(),
        PropertySpec.Boolean("cacheable"));
}
