using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DynamicModules.Filters;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Expressions;

/// <summary>Body of <c>POST /api/v1/expressions/evaluate</c>: a filter and the sample event to run it against.</summary>
/// <param name="Expression">The filter text.</param>
/// <param name="Payload">
/// The sample event, any JSON value. A <see cref="JsonElement"/> rather than a node: a left-out payload stays
/// <see cref="JsonValueKind.Undefined"/> (an error) while an explicit <c>null</c> is a payload to evaluate against.
/// </param>
public sealed record EvaluateRequest(
    string? Expression,
    [property: Description("The sample event, any JSON value (null included): the `event` variable of an expression; JQL matches its `issue`.")] JsonElement Payload)
    : IJsonRequest<EvaluateRequest>
{
    /// <summary><c>expression</c> (the default) or <c>jql</c>.</summary>
    public string? Language { get; init; }

    /// <inheritdoc />
    public static JsonTypeInfo<EvaluateRequest> JsonType => ExpressionsJson.Default.EvaluateRequest;

    /// <summary>The language; call only when <see cref="Validate"/> found nothing.</summary>
    [JsonIgnore]
    public FilterLanguage FilterLanguage => FilterLanguageNames.TryParse(Language ?? FilterLanguageNames.Expression, out var language)
        ? language
        : throw new InvalidOperationException("The request was not validated.");

    /// <inheritdoc />
    public IEnumerable<RequestError> Validate()
    {
        if (!FilterLanguageNames.TryParse(Language ?? FilterLanguageNames.Expression, out _))
        {
            yield return new("language", "language must be \"expression\" or \"jql\".");
        }

        if (Expression is null)
        {
            yield return new("expression", "expression is required.");
        }

        if (Payload.ValueKind == JsonValueKind.Undefined)
        {
            yield return new("payload", "payload is required: the sample event as JSON.");
        }
    }
}
