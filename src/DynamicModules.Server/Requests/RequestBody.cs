using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using DynamicModules.Json;

namespace DynamicModules.Server.Requests;

/// <summary>Binds a request record: the strict reader first, then the source-generated deserializer.</summary>
public static partial class RequestBody
{
    /// <summary>The record, or a <see cref="RequestBodyException"/> naming the member that is wrong.</summary>
    public static async ValueTask<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var (body, error) = await RequestJson.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            throw new RequestBodyException(new RequestError(error!.Path, error.Message), error.TooLarge);
        }

        try
        {
            // The strict reader has already refused duplicates, lone surrogates and deep nesting, so what is left
            // to fail here is a member of the wrong type.
            return body.Deserialize(type) ?? throw Refused(StrictJson.RootPath, "The request body must be a JSON object.");
        }
        catch (JsonException exception)
        {
            throw Refused(PathOf(exception), Describe(exception, type));
        }
    }

    private static RequestBodyException Refused(string path, string message) => new(new RequestError(path, message), tooLarge: false);

    // STJ reports "$.limits.perApp"; the errors map is keyed like the validators' paths ("limits.perApp").
    private static string PathOf(JsonException exception) =>
        exception.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
        : exception.Path is { Length: > 1 } indexed && indexed.StartsWith("$[", StringComparison.Ordinal) ? indexed[1..]
        : StrictJson.RootPath;

    private static string Describe(JsonException exception, JsonTypeInfo root)
    {
        var path = PathOf(exception);
        return path == StrictJson.RootPath
            ? "The request body must be a JSON object."
            : string.Create(CultureInfo.InvariantCulture, $"{path} must be {Expected(TypeAt(root, path))}.");
    }

    // STJ names the record, not the member, when a member has the wrong type; the member's type comes from the type info.
    private static Type? TypeAt(JsonTypeInfo root, string path)
    {
        Type? current = root.Type;
        foreach (var segment in MemberPath().Matches(path).Select(match => match.Value))
        {
            if (current is null)
            {
                return null;
            }

            var info = root.Options.GetTypeInfo(current);
            current = segment.StartsWith('[')
                ? info.ElementType
                : info.Properties.FirstOrDefault(property => string.Equals(property.Name, segment, StringComparison.Ordinal))?.PropertyType;
        }

        return current;
    }

    private static string Expected(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "of another type",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) => "an integer",
            _ when type == typeof(double) || type == typeof(decimal) => "a number",
            _ when type == typeof(DateTimeOffset) => "an ISO 8601 time",
            _ when type == typeof(JsonNode) => "a JSON value",
            _ when type == typeof(JsonArray) || (type != typeof(JsonObject) && type.IsAssignableTo(typeof(System.Collections.IEnumerable))) => "an array",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"\[\d+\]|[^.\[\]]+", RegexOptions.CultureInvariant)]
    private static partial Regex MemberPath();
}
