using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DynamicModules.Filters;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Expressions;

/// <summary>Body of both analyse routes: the expressions to check, each a string or <c>{expression, language}</c>.</summary>
/// <param name="Expressions">1 to <see cref="MaxExpressions"/> items; JSON values because an item is either a string or an object, read by <see cref="Validate"/>.</param>
public sealed record AnalyseRequest(
    [property: Description("1 to 100 items, each the expression text or {\"expression\": \"...\", \"language\": \"expression\"|\"jql\"}.")] IReadOnlyList<JsonNode?>? Expressions)
    : IJsonRequest<AnalyseRequest>
{
    /// <summary>Most expressions analysed in one request.</summary>
    public const int MaxExpressions = 100;

    /// <summary>The language of items that do not name one: <c>expression</c> (the default) or <c>jql</c>.</summary>
    public string? Language { get; init; }

    /// <inheritdoc />
    public static JsonTypeInfo<AnalyseRequest> JsonType => ExpressionsJson.Default.AnalyseRequest;

    // The language of items that name none; null when Language names no language.
    private FilterLanguage? DefaultLanguage =>
        FilterLanguageNames.TryParse(Language ?? FilterLanguageNames.Expression, out var language) ? language : null;

    /// <inheritdoc />
    public IEnumerable<RequestError> Validate()
    {
        var fallback = DefaultLanguage ?? FilterLanguage.Expression;
        if (DefaultLanguage is null)
        {
            yield return new("language", "language must be 'expression' or 'jql'.");
        }

        if (Expressions is null || Expressions.Count is 0 or > MaxExpressions)
        {
            yield return new("expressions", $"expressions must be an array of 1 to {MaxExpressions} expressions.");
            yield break;
        }

        for (var index = 0; index < Expressions.Count; index++)
        {
            if (Read(index, fallback).Error is { } error)
            {
                yield return error;
            }
        }
    }

    /// <summary>Each expression with its language, in request order; call only when <see cref="Validate"/> found nothing.</summary>
    public IEnumerable<(string Source, FilterLanguage Language)> Items()
    {
        var fallback = DefaultLanguage!.Value;
        return Expressions!.Select((_, index) => Read(index, fallback).Item!.Value);
    }

    private ((string, FilterLanguage)? Item, RequestError? Error) Read(int index, FilterLanguage fallback)
    {
        var path = $"expressions[{index}]";
        switch (Expressions![index])
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return ((value.GetValue<string>(), fallback), null);
            case JsonObject entry:
                if (entry["expression"] is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
                {
                    return (null, new($"{path}.expression", $"{path}.expression is required: the expression as a string."));
                }

                var language = fallback;
                if (entry["language"] is { } named
                    && !(named is JsonValue name && name.GetValueKind() == JsonValueKind.String && FilterLanguageNames.TryParse(name.GetValue<string>(), out language)))
                {
                    return (null, new($"{path}.language", $"{path}.language must be 'expression' or 'jql'."));
                }

                return ((text.GetValue<string>(), language), null);
            default:
                return (null, new(path, $"{path} must be a string or {{expression, language}} with language 'expression' or 'jql'."));
        }
    }
}
