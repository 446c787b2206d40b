using System.Text.Json;
using DynamicModules.Filters.Expressions;

namespace DynamicModules.Filters.Jql;

/// <summary>
/// Compiles a JQL syntax tree into a predicate over a Jira webhook <c>issue</c>. Values compare case-insensitively,
/// as Jira compares names and keys. As in Jira, <c>!=</c> and <c>NOT IN</c> never match an empty field
/// (<c>assignee != bob</c> excludes unassigned issues); use <c>IS EMPTY</c> for those.
/// </summary>
internal static class JqlCompiler
{
    private delegate bool Predicate(JsonElement issue, EvaluationContext context);

    /// <summary>Compiles <paramref name="query"/>; <paramref name="paths"/> receives the payload paths its fields read.</summary>
    public static FilterProgram Compile(JqlSyntax query, int maxSteps, out FilterPaths paths)
    {
        var fieldPaths = paths = new FilterPaths();
        var issuePath = fieldPaths.Child(FilterPaths.Root, "issue");
        var predicate = Compile(query, fieldPaths, issuePath);
        return (payload, extracted, slots) =>
        {
            var issue = extracted is null ? IssueOf(payload) : extracted[slots![issuePath]].Element;
            if (issue.ValueKind != JsonValueKind.Object)
            {
                return new FilterOutcome(false, "The event has no 'issue' object to match the JQL filter against.", 0);
            }

            var context = EvaluationContext.Rent(payload, maxSteps, 0, 0, extracted, slots);
            try
            {
                return new FilterOutcome(predicate(issue, context), null, context.Steps);
            }
            catch (FilterRuntimeException e)
            {
                return new FilterOutcome(false, e.Message, context.Steps);
            }
            finally
            {
                EvaluationContext.Return(context);
            }
        };
    }

    private static JsonElement IssueOf(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("issue"u8, out var issue) ? issue : default;

    /// <summary>The static cost of a query: one per clause and per connective (n operands have n - 1 connectives).</summary>
    public static int Cost(JqlSyntax query) => query switch
    {
        JqlAnd and => and.Operands.Count - 1 + and.Operands.Sum(Cost),
        JqlOr or => or.Operands.Count - 1 + or.Operands.Sum(Cost),
        JqlNot not => 1 + Cost(not.Operand),
        _ => 1,
    };

    private static Predicate Compile(JqlSyntax query, FilterPaths paths, int issuePath)
    {
        switch (query)
        {
            case JqlAnd and:
                {
                    // Each connective counts one step up front, as nested pairs each would before their operands.
                    var operands = and.Operands.Select(operand => Compile(operand, paths, issuePath)).ToArray();
                    return (issue, context) =>
                    {
                        context.Step(operands.Length - 1);
                        foreach (var operand in operands)
                        {
                            if (!operand(issue, context))
                            {
                                return false;
                            }
                        }

                        return true;
                    };
                }

            case JqlOr or:
                {
                    var operands = or.Operands.Select(operand => Compile(operand, paths, issuePath)).ToArray();
                    return (issue, context) =>
                    {
                        context.Step(operands.Length - 1);
                        foreach (var operand in operands)
                        {
                            if (operand(issue, context))
                            {
                                return true;
                            }
                        }

                        return false;
                    };
                }

            case JqlNot not:
                {
                    var operand = Compile(not.Operand, paths, issuePath);
                    return (issue, context) =>
                    {
                        context.Step();
                        return !operand(issue, context);
                    };
                }

            case JqlClause clause:
                return CompileClause(clause, paths, issuePath);
            default:
                throw new InvalidOperationException($"Unknown JQL node {query.GetType().Name}.");
        }
    }

    private static Predicate CompileClause(JqlClause clause, FilterPaths paths, int issuePath)
    {
        var field = clause.Field;
        var fieldPaths = field.Paths.Select(segments => segments.Aggregate(issuePath, paths.Child)).ToArray();
        var expected = clause.Values.ToArray();
        var op = clause.Operator;
        return (issue, context) =>
        {
            context.Step();
            var actual = context.Texts;
            actual.Clear();
            if (context.Extracted is { } extracted)
            {
                // Decoded once per event and path, for every filter of the group.
                foreach (var path in fieldPaths)
                {
                    actual.AddRange(extracted.TextsOf(context.Slots[path]));
                }
            }
            else
            {
                field.CollectValues(issue, actual);
            }

            return Test(op, actual, expected);
        };
    }

    private static bool Test(JqlOperator op, List<string> actual, string[] expected) => op switch
    {
        JqlOperator.Equals or JqlOperator.In => AnySame(actual, expected),
        JqlOperator.NotEquals or JqlOperator.NotIn => actual.Count > 0 && !AnySame(actual, expected),
        JqlOperator.Contains => AnyContains(actual, expected[0]),
        JqlOperator.IsEmpty => actual.Count == 0,
        _ => actual.Count > 0,
    };

    private static bool AnySame(List<string> actual, string[] expected)
    {
        foreach (var a in actual)
        {
            foreach (var e in expected)
            {
                if (Same(a, e))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AnyContains(List<string> actual, string expected)
    {
        foreach (var a in actual)
        {
            if (a.Contains(expected, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Same(string actual, string expected) => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
}
