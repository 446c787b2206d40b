namespace DynamicModules.Modules.Types;

/// <summary>Property specs shared by Forge UI module types (manifest shapes, specs/forge-triggers-expressions.md §1.2).</summary>
internal static class ForgeProperties
{
    public static PropertySpec Resolver() =>
        PropertySpec.Object("resolver", PropertySpec.FunctionReference("function"), PropertySpec.EndpointReference("endpoint"))
            .WithRules(ObjectRule.ExactlyOneOf("function", "endpoint"));

    public static PropertySpec Render() => PropertySpec.Enum("render", "native", "default");

    public static PropertySpec ViewportSize() => PropertySpec.Enum("viewportSize", "small", "medium", "large", "xlarge", "max");

    /// <summary>
    /// A UI module renders a declared <c>resource</c> (Custom UI, UI Kit) or, in the deprecated UI Kit 1
    /// form, a <c>function</c>; exactly one of the two.
    /// </summary>
    public static PropertySpec[] UserInterface() =>
    [
        PropertySpec.ResourceReference("resource"),
        PropertySpec.FunctionReference("function"),
        Resolver(),
        Render(),
        PropertySpec.Object("displayConditions"),
    ];

    public static ObjectRule[] UserInterfaceRules() => [ObjectRule.ExactlyOneOf("resource", "function")];

    /// <summary>Searchable property values of <c>jira:entityProperty</c> and <c>confluence:contentProperty</c>.</summary>
    public static PropertySpec IndexedValues(params string[] types) =>
        PropertySpec.ObjectArray(
            "values",
            PropertySpec.String("path").AsRequired(),
            PropertySpec.Enum("type", types).AsRequired(),
            PropertySpec.String("searchAlias")) with
        { IsRequired = true, MinItems = 1 };
}
