namespace DynamicModules.Modules.Types;

/// <summary>Property specs shared by several Connect module types (specs/connect.md §4.1).</summary>
internal static class ConnectProperties
{
    public static PropertySpec Icon(string name = "icon") =>
        PropertySpec.Object(name, PropertySpec.UiUrl("url").AsRequired(), PropertySpec.Integer("width", 0), PropertySpec.Integer("height", 0));

    public static PropertySpec Weight() => PropertySpec.Integer("weight");

    public static PropertySpec Params() => PropertySpec.Object("params");

    public static PropertySpec Tooltip() => PropertySpec.I18n("tooltip");

    /// <summary>Properties of the page-like types (<c>generalPages</c>, <c>adminPages</c>).</summary>
    public static PropertySpec[] Page() =>
    [
        PropertySpec.I18n("name").AsRequired(),
        PropertySpec.UiUrl("url").AsRequired(),
        PropertySpec.String("location"),
        Icon(),
        Weight(),
        PropertySpec.Conditions(),
        Params(),
        PropertySpec.Boolean("cacheable"),
        PropertySpec.Boolean("fullPage"),
    ];

    /// <summary>Properties common to dynamic and static content macros (§4.6).</summary>
    public static PropertySpec[] Macro() =>
    [
        PropertySpec.I18n("name").AsRequired(),
        PropertySpec.UiUrl("url").AsRequired(),
        PropertySpec.I18n("description"),
        Icon(),
        PropertySpec.Object("documentation", PropertySpec.UiUrl("url").AsRequired()),
        PropertySpec.StringArray("categories"),
        PropertySpec.Enum("outputType", "block", "inline").IgnoringCase(),
        PropertySpec.Enum("bodyType", "none", "plain-text", "rich-text").IgnoringCase(),
        PropertySpec.StringArray("aliases"),
        PropertySpec.Boolean("featured"),
        PropertySpec.Boolean("hidden"),
        // Parameter types differ between products and versions, so "type" is not restricted here.
        PropertySpec.ObjectArray(
            "parameters",
            PropertySpec.String("identifier").AsRequired(),
            PropertySpec.I18n("name").AsRequired(),
            PropertySpec.I18n("description"),
            PropertySpec.String("type").AsRequired(),
            PropertySpec.Boolean("required"),
            PropertySpec.Boolean("multiple"),
            PropertySpec.String("defaultValue"),
            PropertySpec.StringArray("values"),
            PropertySpec.StringArray("aliases"),
            PropertySpec.Boolean("hidden")),
        PropertySpec.Object(
            "editor",
            PropertySpec.UiUrl("url").AsRequired(),
            PropertySpec.I18n("editTitle"),
            PropertySpec.I18n("insertTitle"),
            PropertySpec.String("width"),
            PropertySpec.String("height")),
        PropertySpec.Object("propertyPanel"),
        PropertySpec.Object("autoconvert"),
        PropertySpec.Object("imagePlaceholder"),
        PropertySpec.Object("renderModes"),
    ];
}
