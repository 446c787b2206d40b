namespace DynamicModules.Modules;

// String, Integer and Object are the JSON Schema names of these kinds, which is what a reader of a
// module definition expects; the clash with CLR type names (CA1720) is harmless here.
#pragma warning disable CA1720

/// <summary>What a <see cref="PropertySpec"/> accepts; <see cref="ModuleTypeDefinition"/>s are built from these.</summary>
public enum PropertyKind
{
    /// <summary>Any JSON value; only presence is checked.</summary>
    Any,

    /// <summary>A string, optionally limited in length or to a set of allowed values.</summary>
    String,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A whole number, optionally within a range.</summary>
    Integer,

    /// <summary>A JSON array whose items follow <see cref="PropertySpec.Items"/>.</summary>
    Array,

    /// <summary>A JSON object whose known properties follow <see cref="PropertySpec.Properties"/>; unknown ones are kept.</summary>
    Object,

    /// <summary>An i18n property: <c>{"value": string ≤ 1500, "i18n": string ≤ 300}</c>.</summary>
    I18n,

    /// <summary>A URL shown or opened in the product UI: relative to the app base URL, or absolute http(s).</summary>
    UiUrl,

    /// <summary>A URL the service itself calls: must be relative to the app base URL (see <see cref="AppRelativeUrl"/>).</summary>
    AppRelativeUrl,

    /// <summary>A Jira-expression filter, checked through <see cref="ModuleValidationContext.CheckFilter"/>.</summary>
    FilterExpression,

    /// <summary>A JQL filter, checked through <see cref="ModuleValidationContext.CheckFilter"/>.</summary>
    Jql,

    /// <summary>The key of a function declared in the app descriptor.</summary>
    FunctionReference,

    /// <summary>The key of an endpoint declared in the app descriptor.</summary>
    EndpointReference,

    /// <summary>The key of a resource declared in the app descriptor.</summary>
    ResourceReference,

    /// <summary>Connect <c>conditions</c>: an array of single conditions or nested <c>and</c>/<c>or</c> groups.</summary>
    Conditions,
}
