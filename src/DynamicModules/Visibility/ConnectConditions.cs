using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Filters;

namespace DynamicModules.Visibility;

/// <summary>
/// Decides the Connect <c>conditions</c> the service can (<c>user_is_logged_in</c>, <c>user_is_admin</c>,
/// <c>user_is_sysadmin</c>, <c>jira_expression</c>) and keeps the others, unevaluated, for the host. The top-level
/// array and <c>and</c> groups hold when all their items hold; <c>or</c> groups when one does; <c>invert</c> negates a
/// decided condition and travels with an undecided one.
/// </summary>
internal static class ConnectConditions
{
    public const string JiraExpression = "jira_expression";

    /// <summary>
    /// Evaluates <paramref name="conditions"/> (already validated by the catalog) for <paramref name="viewer"/>.
    /// <paramref name="compiled"/> holds the compilation of every <c>jira_expression</c> it contains.
    /// </summary>
    public static Decided Evaluate(
        JsonArray conditions, Viewer viewer, IReadOnlyDictionary<string, FilterCompilation> compiled, ref string? failure) =>
        EvaluateGroup(conditions, all: true, viewer, compiled, ref failure);

    /// <summary>The source of every <c>jira_expression</c> condition in <paramref name="conditions"/>, nested groups included.</summary>
    public static IEnumerable<string> Expressions(JsonArray conditions)
    {
        foreach (var item in conditions.OfType<JsonObject>())
        {
            if (item["and"] is JsonArray and)
            {
                foreach (var source in Expressions(and))
                {
                    yield return source;
                }
            }
            else if (item["or"] is JsonArray or)
            {
                foreach (var source in Expressions(or))
                {
                    yield return source;
                }
            }
            else if (Name(item) == JiraExpression && ExpressionOf(item) is { } expression)
            {
                yield return expression;
            }
        }
    }

    private static Decided EvaluateGroup(
        JsonArray items, bool all, Viewer viewer, IReadOnlyDictionary<string, FilterCompilation> compiled, ref string? failure)
    {
        var undecided = new List<JsonNode>();
        foreach (var item in items.OfType<JsonObject>())
        {
            var decided = item["and"] is JsonArray and ? Wrap("and", EvaluateGroup(and, true, viewer, compiled, ref failure))
                : item["or"] is JsonArray or ? Wrap("or", EvaluateGroup(or, false, viewer, compiled, ref failure))
                : EvaluateSingle(item, viewer, compiled, ref failure);
            switch (decided.Value)
            {
                case null:
                    undecided.Add(decided.Residual!);
                    break;
                case var value when value != all:
                    // AND meets a false item, OR a true one: the group is decided, whatever the rest.
                    return Decided.Of(value.Value);
            }
        }

        return undecided.Count == 0 ? Decided.Of(all) : Decided.Undecided(new JsonArray([.. undecided]));
    }

    private static Decided Wrap(string group, Decided decided) =>
        decided.Value is null ? Decided.Undecided(new JsonObject { [group] = decided.Residual }) : decided;

    private static Decided EvaluateSingle(
        JsonObject condition, Viewer viewer, IReadOnlyDictionary<string, FilterCompilation> compiled, ref string? failure)
    {
        bool? value = Name(condition) switch
        {
            "user_is_logged_in" => viewer.IsLoggedIn,
            "user_is_admin" or "user_is_sysadmin" => viewer.IsAdmin,
            JiraExpression => EvaluateExpression(condition, viewer, compiled, ref failure),
            _ => null,
        };
        if (value is null)
        {
            return Decided.Undecided(condition.DeepClone());
        }

        var inverted = condition["invert"] is JsonValue invert && invert.GetValueKind() == JsonValueKind.True;
        return Decided.Of(value.Value != inverted);
    }

    private static bool EvaluateExpression(
        JsonObject condition, Viewer viewer, IReadOnlyDictionary<string, FilterCompilation> compiled, ref string? failure)
    {
        if (ExpressionOf(condition) is not { } source || !compiled.TryGetValue(source, out var compilation))
        {
            failure ??= "a jira_expression condition has no params.expression string";
            return false;
        }

        if (!compilation.Succeeded)
        {
            var error = compilation.Errors[0];
            failure ??= $"jira_expression does not compile: {error.Message} (line {error.Line}, column {error.Column})";
            return false;
        }

        var outcome = compilation.Filter.Evaluate(viewer.ExpressionVariables);
        if (outcome.Error is { } message)
        {
            failure ??= $"jira_expression failed: {message}";
            return false;
        }

        return outcome.Matched;
    }

    private static string? Name(JsonObject condition) =>
        condition["condition"] is JsonValue name && name.GetValueKind() == JsonValueKind.String ? name.GetValue<string>() : null;

    private static string? ExpressionOf(JsonObject condition) =>
        condition["params"] is JsonObject parameters && parameters["expression"] is JsonValue expression
            && expression.GetValueKind() == JsonValueKind.String
            ? expression.GetValue<string>()
            : null;
}
