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

    public static Func<JsonElement, FilterOutcome> Compile(JqlSyntax query, int maxSteps)
    {
        var predicate = Compile(query);
        return payload =>
        {
            if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("issue"u8, out var issue) || issue.ValueKind != JsonValueKind.Object)
            {
                return new FilterOutcome(false, "The event has no 'issue' object to match the JQL filter against.", 0);
            }

            var context = EvaluationContext.Rent(payload, maxSteps, 0, 0);
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

    /// <summary>The static cost of a query: one per clause and per connective (n operands have n - 1 connectives).</summary>
    public static int Cost(JqlSyntax query) => query switch
    {
        JqlAnd and => and.Operands.Count - 1 + and.Operands.Sum(Cost),
        JqlOr or => or.Operands.Count - 1 + or.Operands.Sum(Cost),
        JqlNot not => 1 + Cost(not.Operand),
        _ => 1,
    };

    private static Predicate Compile(JqlSyntax query)
    {
        switch (query)
        {
            case JqlAnd and:
                {
                    // Each connective counts one step up front, as nested pairs each would before their operands.
                    var operands = and.Operands.Select(operand => Compile(operand)).ToArray();
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
                    var operands = or.Operands.Select(operand => Compile(operand)).ToArray();
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
                    var operand = Compile(not.Operand);
                    return (issue, context) =>
                    {
                        context.Step();
                        return !operand(issue, context);
                    };
                }

            case JqlClause clause:
                return CompileClause(clause);
            default:
                throw new InvalidOperationException($"Unknown JQL node {query.GetType().Name}.");
        }
    }

    private static Predicate CompileClause(JqlClause clause)
    {
        var field = clause.Field;
        var expected = clause.Values.ToArray();
        Func<List<string>, bool> test = clause.Operator switch
        {
            JqlOperator.Equals or JqlOperator.In => actual => actual.Exists(a => expected.Any(e => Same(a, e))),
            JqlOperator.NotEquals or JqlOperator.NotIn => actual => actual.Count > 0 && !actual.Exists(a => expected.Any(e => Same(a, e))),
            JqlOperator.Contains => actual => actual.Exists(a => a.Contains(expected[0], StringComparison.OrdinalIgnoreCase)),
            JqlOperator.IsEmpty => actual => actual.Count == 0,
            _ => actual => actual.Count > 0,
        };
        return (issue, context) =>
        {
            context.Step();
            var actual = new List<string>(4);
            field.CollectValues(issue, actual);
            return test(actual);
        };
    }

    private static bool Same(string actual, string expected) => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
}
