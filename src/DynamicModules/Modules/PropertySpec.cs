namespace DynamicModules.Modules;

// String, Integer and Object are the JSON Schema names of these kinds, which is what a reader of a
// module definition expects; the clash with CLR type names (CA1720) is harmless here.
#pragma warning disable CA1720

/// <summary>
/// The specification of one property of a module definition (or of a nested object). Built with the
/// static factories and refined with <c>with</c> or the fluent helpers, for example
/// <c>PropertySpec.String("location").AsRequired()</c>.
/// </summary>
public sealed record PropertySpec
{
    private PropertySpec(string name, PropertyKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>The property name; empty for array items.</summary>
    public string Name { get; init; }

    /// <summary>What the property accepts.</summary>
    public PropertyKind Kind { get; init; }

    /// <summary>Whether the property must be present (JSON <c>null</c> counts as absent). Required strings must not be empty.</summary>
    public bool IsRequired { get; init; }

    /// <summary>Longest accepted string, for string-like kinds.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Smallest accepted value of an <see cref="PropertyKind.Integer"/>.</summary>
    public long? Minimum { get; init; }

    /// <summary>Largest accepted value of an <see cref="PropertyKind.Integer"/>.</summary>
    public long? Maximum { get; init; }

    /// <summary>The accepted values of a <see cref="PropertyKind.String"/>; empty for any.</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];

    /// <summary>Whether <see cref="AllowedValues"/> are compared ignoring case (Connect enums are).</summary>
    public bool AllowedValuesIgnoreCase { get; init; }

    /// <summary>The specification of every item of an <see cref="PropertyKind.Array"/>.</summary>
    public PropertySpec? Items { get; init; }

    /// <summary>Fewest items an <see cref="PropertyKind.Array"/> may have.</summary>
    public int MinItems { get; init; }

    /// <summary>The known properties of an <see cref="PropertyKind.Object"/>.</summary>
    public IReadOnlyList<PropertySpec> Properties { get; init; } = [];

    /// <summary>Rules over several properties of an <see cref="PropertyKind.Object"/>.</summary>
    public IReadOnlyList<ObjectRule> Rules { get; init; } = [];

    /// <summary>This specification, required.</summary>
    public PropertySpec AsRequired() => this with { IsRequired = true };

    /// <summary>This object specification with extra multi-property rules.</summary>
    public PropertySpec WithRules(params ObjectRule[] rules) => this with { Rules = [.. Rules, .. rules] };

    /// <summary>This string specification with its allowed values compared ignoring case.</summary>
    public PropertySpec IgnoringCase() => this with { AllowedValuesIgnoreCase = true };

    /// <summary>A property that may hold any JSON value.</summary>
    public static PropertySpec Any(string name) => new(name, PropertyKind.Any);

    /// <summary>A string, at most <paramref name="maxLength"/> characters when given.</summary>
    public static PropertySpec String(string name, int? maxLength = null) =>
        new(name, PropertyKind.String) { MaxLength = maxLength };

    /// <summary>A string that must be one of <paramref name="values"/> (case-sensitive unless <see cref="IgnoringCase"/>).</summary>
    public static PropertySpec Enum(string name, params string[] values) =>
        new(name, PropertyKind.String) { AllowedValues = values };

    /// <summary>A boolean.</summary>
    public static PropertySpec Boolean(string name) => new(name, PropertyKind.Boolean);

    /// <summary>A whole number within the optional bounds (inclusive).</summary>
    public static PropertySpec Integer(string name, long? minimum = null, long? maximum = null) =>
        new(name, PropertyKind.Integer) { Minimum = minimum, Maximum = maximum };

    /// <summary>An array whose items follow <paramref name="items"/> (its name is ignored).</summary>
    public static PropertySpec Array(string name, PropertySpec items, int minItems = 0) =>
        new(name, PropertyKind.Array) { Items = items, MinItems = minItems };

    /// <summary>An array of strings.</summary>
    public static PropertySpec StringArray(string name, int minItems = 0) =>
        Array(name, String(string.Empty).AsRequired(), minItems);

    /// <summary>An object with the given known properties; unknown properties are allowed and kept.</summary>
    public static PropertySpec Object(string name, params PropertySpec[] properties) =>
        new(name, PropertyKind.Object) { Properties = properties };

    /// <summary>An array of objects with the given known properties.</summary>
    public static PropertySpec ObjectArray(string name, params PropertySpec[] properties) =>
        Array(name, Object(string.Empty, properties).AsRequired());

    /// <summary>An i18n property <c>{"value", "i18n"}</c>.</summary>
    public static PropertySpec I18n(string name) => new(name, PropertyKind.I18n);

    /// <summary>A UI URL: app-relative or absolute http(s).</summary>
    public static PropertySpec UiUrl(string name) => new(name, PropertyKind.UiUrl);

    /// <summary>A URL the service calls; must be app-relative.</summary>
    public static PropertySpec AppRelativeUrl(string name) => new(name, PropertyKind.AppRelativeUrl);

    /// <summary>A Jira-expression filter.</summary>
    public static PropertySpec FilterExpression(string name) => new(name, PropertyKind.FilterExpression);

    /// <summary>A JQL filter.</summary>
    public static PropertySpec Jql(string name) => new(name, PropertyKind.Jql);

    /// <summary>A reference to a function declared in the descriptor.</summary>
    public static PropertySpec FunctionReference(string name) => new(name, PropertyKind.FunctionReference);

    /// <summary>A reference to an endpoint declared in the descriptor.</summary>
    public static PropertySpec EndpointReference(string name) => new(name, PropertyKind.EndpointReference);

    /// <summary>A reference to a resource declared in the descriptor.</summary>
    public static PropertySpec ResourceReference(string name) => new(name, PropertyKind.ResourceReference);

    /// <summary>Connect <c>conditions</c>.</summary>
    public static PropertySpec Conditions(string name = "conditions") => new(name, PropertyKind.Conditions);
}
