using System.Text.RegularExpressions;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Errors;

/// <summary>
/// Turns the framework's parameter binding failures (<c>?limit=abc</c>, a missing required query value) into a
/// problem that names the parameter and the form it needs. The framework throws them because
/// <c>RouteHandlerOptions.ThrowOnBadRequest</c> is on; otherwise it would answer an empty 400.
/// </summary>
public static partial class ParameterBinding
{
    /// <summary>The parameter and what is wrong with it, or null when the exception is not a binding failure.</summary>
    public static RequestError? Describe(BadHttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var failed = FailedToBind().Match(exception.Message);
        if (failed.Success)
        {
            var name = failed.Groups["name"].Value;
            var value = failed.Groups["value"].Value;
            var shown = value.Length > 40 ? value[..40] + "…" : value;
            return new RequestError(name, $"{name} must be {Expected(failed.Groups["type"].Value)}; '{shown}' is not.");
        }

        var missing = Required().Match(exception.Message);
        return missing.Success
            ? new RequestError(missing.Groups["name"].Value, $"{missing.Groups["name"].Value} is required ({Expected(missing.Groups["type"].Value)}).")
            : null;
    }

    private static string Expected(string type) => Unwrap(type) switch
    {
        "int" or "long" or "Int32" or "Int64" => "an integer",
        "bool" or "Boolean" => "true or false",
        "DateTimeOffset" or "DateTime" => "an ISO 8601 time",
        "Guid" => "a UUID",
        "double" or "decimal" => "a number",
        var other => "a " + other,
    };

    // The framework writes "int?" as "Nullable<int>".
    private static string Unwrap(string type) =>
        type.StartsWith("Nullable<", StringComparison.Ordinal) && type.EndsWith('>') ? type[9..^1] : type.TrimEnd('?');

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^ \"]+) (?<name>[^ \"]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("^Required parameter \"(?<type>[^ \"]+) (?<name>[^ \"]+)\" was not provided", RegexOptions.CultureInvariant)]
    private static partial Regex Required();
}
