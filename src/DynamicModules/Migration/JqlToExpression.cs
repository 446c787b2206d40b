using System.Globalization;
using System.Text;
using DynamicModules.Filters;
using DynamicModules.Filters.Expressions;
using DynamicModules.Filters.Jql;

namespace DynamicModules.Migration;

/// <summary>
/// Translates a webhook's JQL filter (the subset <see cref="JqlParser"/> reads) into a trigger filter expression over
/// the same published payload that matches exactly the events the JQL matches, by our <see cref="JqlCompiler"/>'s rules
/// (docs/connect-to-forge-migration.md, "JQL → expression"). The JQL reads <c>payload.issue</c>; the trigger filter
/// reads the same object as <c>event.issue</c>. Exact for every issue with the Jira REST shape (each field read is
/// absent, null or a string, each object on the way absent, null or an object, <c>labels</c> a list of strings);
/// refused, with the reason, where no expression is exact.
/// </summary>
public static class JqlToExpression
{
    // The JQL field paths whose Jira value is a list; the others hold one string.
    private static readonly HashSet<string> ListPaths = new(StringComparer.Ordinal) { "fields.labels" };

    /// <summary>Translates <paramref name="jql"/>; never throws for bad input.</summary>
    public static JqlTranslation Translate(string jql)
    {
        ArgumentNullException.ThrowIfNull(jql);
        var compilation = FilterCompiler.Compile(FilterLanguage.Jql, jql);
        if (!compilation.Succeeded)
        {
            return new JqlTranslation(null, "The JQL filter does not compile: " + compilation.Errors[0].Message);
        }

        string body;
        try
        {
            body = Emit(JqlParser.Parse(jql)).Wrap(Precedence.And);
        }
        catch (UntranslatableException e)
        {
            return new JqlTranslation(null, "The JQL filter has no exact expression: " + e.Message + ".");
        }

        // Our JQL matches nothing when the event has no issue object. Clauses read event.issue's members, which fail
        // (and so do not deliver) when the issue is something else than an object; a clause that is constant for
        // every issue ("key = ''") reads nothing, so then a member read that fails the same way comes first.
        var guard = body.Contains(Never, StringComparison.Ordinal) ? "event.issue != null && event.issue.key == event.issue.key && " : "event.issue != null && ";
        var expression = guard + body;
        var check = FilterCompiler.Compile(FilterLanguage.Expression, expression);
        return check.Succeeded
            ? new JqlTranslation(expression, null)
            : new JqlTranslation(null, "The translated expression would not be accepted as a trigger filter: " + check.Errors[0].Message);
    }

    // The translation of a clause no issue matches (all its values empty); only this code writes the literal false.
    private const string Never = "false";

    private enum Precedence
    {
        Or = 1,
        And = 2,
        Atom = 3,
    }

    private readonly record struct Code(string Text, Precedence Precedence)
    {
        public string Wrap(Precedence needed) => Precedence < needed ? "(" + Text + ")" : Text;
    }

    private static Code Emit(JqlSyntax node) => node switch
    {
        JqlAnd and => new(string.Join(" && ", and.Operands.Select(o => Emit(o).Wrap(Precedence.And))), Precedence.And),
        JqlOr or => new(string.Join(" || ", or.Operands.Select(o => Emit(o).Wrap(Precedence.Or))), Precedence.Or),
        JqlNot not => new("!" + Emit(not.Operand).Wrap(Precedence.Atom), Precedence.Atom),
        JqlClause clause => EmitClause(clause),
        _ => throw new InvalidOperationException($"Unknown JQL node {node.GetType().Name}."),
    };

    private static Code EmitClause(JqlClause clause)
    {
        var reads = clause.Field.Paths.Select(path => new Read(Access(path), ListPaths.Contains(string.Join('.', path)))).ToList();
        switch (clause.Operator)
        {
            case JqlOperator.IsEmpty:
                return Not(AnyOf(reads.Select(r => r.Present())));
            case JqlOperator.IsNotEmpty:
                return AnyOf(reads.Select(r => r.Present()));
            case JqlOperator.Equals or JqlOperator.In:
                return AnyEqual(reads, clause.Values);
            case JqlOperator.NotEquals or JqlOperator.NotIn:
                {
                    // As in Jira, a field without a value is not "!= x": the field must have a value and none may match.
                    var present = AnyOf(reads.Select(r => r.Present()));
                    var equal = AnyEqual(reads, clause.Values);
                    return equal.Text == Never
                        ? present
                        : new Code(present.Wrap(Precedence.And) + " && " + Not(equal).Text, Precedence.And);
                }

            case JqlOperator.Contains:
                {
                    var value = clause.Values[0];
                    if (value.Length == 0)
                    {
                        // Every non-empty text contains the empty string.
                        return AnyOf(reads.Select(r => r.Present()));
                    }

                    var space = CaseFolding.ForContains(value, out var reason) ?? throw new UntranslatableException(reason!);
                    var folded = Literal(CaseFolding.Fold(value, space));
                    return AnyOf(reads.Select(r => r.Test(v => $"{v}.{Method(space)}().includes({folded})")));
                }

            default:
                throw new InvalidOperationException($"Unknown JQL operator {clause.Operator}.");
        }
    }

    /// <summary>Any value of the field equals one of <paramref name="values"/>, case-insensitively; empty values never match.</summary>
    private static Code AnyEqual(List<Read> reads, IReadOnlyList<string> values)
    {
        var nonEmpty = values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (nonEmpty.Count == 0)
        {
            return new Code(Never, Precedence.Atom);
        }

        if (nonEmpty.All(CaseFolding.IsCaseless))
        {
            // Ids and other values without letters: plain equality is exact, and false for null or a missing field.
            var literals = nonEmpty.Select(Literal).ToList();
            return AnyOf(reads.Select(r => r.IsList
                ? new Code($"{r.Path} != null && {r.Path}.some(l => {Equality("l", literals)})", Precedence.And)
                : new Code(Equality(r.Path, literals), literals.Count == 1 ? Precedence.And : Precedence.Atom)));
        }

        var space = CaseFolding.ForEquality(nonEmpty, out var guard, out var reason) ?? throw new UntranslatableException(reason!);
        var folded = nonEmpty.Select(v => CaseFolding.Fold(v, space)).Distinct(StringComparer.Ordinal).Select(Literal).ToList();
        var longS = Literal(CaseFolding.LongS.ToString());
        return AnyOf(reads.Select(r => r.Test(v =>
        {
            var fold = $"{v}.{Method(space)}()";
            var compare = folded.Count == 1 ? $"{fold} == {folded[0]}" : $"[{string.Join(", ", folded)}].includes({fold})";
            return guard ? $"!{v}.includes({longS}) && {compare}" : compare;
        })));
    }

    private static string Equality(string value, List<string> literals) =>
        literals.Count == 1 ? $"{value} == {literals[0]}" : $"[{string.Join(", ", literals)}].includes({value})";

    private static string Method(CaseFolding.Space space) => space == CaseFolding.Space.Upper ? "toUpperCase" : "toLowerCase";

    private static Code AnyOf(IEnumerable<Code> operands)
    {
        var list = operands.ToList();
        return list.Count == 1 ? list[0] : new Code(string.Join(" || ", list.Select(c => c.Wrap(Precedence.Or))), Precedence.Or);
    }

    private static Code Not(Code operand) => new("!" + operand.Wrap(Precedence.Atom), Precedence.Atom);

    /// <summary>
    /// The expression reading one JQL path under <c>event.issue</c>: the issue is known to be there (the outer guard);
    /// every object after it may be missing or null, so the rest is read with <c>?.</c>.
    /// </summary>
    private static string Access(string[] path)
    {
        var builder = new StringBuilder("event.issue");
        for (var i = 0; i < path.Length; i++)
        {
            builder.Append(i == 0 ? "." : "?.").Append(path[i]);
        }

        return builder.ToString();
    }

    /// <summary>One path of a field: a single text, or (for <c>labels</c>) a list of texts.</summary>
    private sealed record Read(string Path, bool IsList)
    {
        /// <summary>True when the path holds a text JQL counts: not missing, not null, not empty.</summary>
        public Code Present() => IsList
            ? new($"{Path} != null && {Path}.some(l => l != null && l != '')", Precedence.And)
            : new($"{Path} != null && {Path} != ''", Precedence.And);

        /// <summary>True when some text of the path passes <paramref name="test"/> (given the string variable to test).</summary>
        public Code Test(Func<string, string> test) => IsList
            ? new($"{Path} != null && {Path}.some(l => l != null && {test("l")})", Precedence.And)
            : new($"{Path} != null && {test(Path)}", Precedence.And);
    }

    /// <summary>A JavaScript-style single-quoted literal the expression lexer reads back as exactly <paramref name="value"/>.</summary>
    internal static string Literal(string value)
    {
        var builder = new StringBuilder("'");
        foreach (var c in value)
        {
            switch (c)
            {
                case '\'':
                    builder.Append("\\'");
                    break;
                case '\\':
                    builder.Append(@"\\");
                    break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('\'').ToString();
    }

    private sealed class UntranslatableException(string message) : Exception(message);
}
