using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace DynamicModules.Filters.Expressions;

/// <summary>
/// The most common filter shape, run over extracted values without the closure tree: one chain of <c>&amp;&amp;</c> (or of
/// <c>||</c>) over tests of payload paths against string literals, <c>event.a.b == 'x'</c>, <c>event.a.b != 'x'</c> and
/// <c>event.a.list.includes('x')</c> (a single test is a chain of one). Each test reads one extracted value and compares
/// UTF-8 bytes; no evaluation context, no delegate per node.
/// </summary>
/// <remarks>
/// The outcome, steps included, is the closure tree's: every test counts the steps its nodes would, and the chain the
/// steps its operators count up front. A test whose value is not extracted as a plain member read (a parent that is no
/// object), or an <c>includes</c> whose receiver is no list, could fail or read differently, so the chain then gives up
/// and the closure tree evaluates the filter from the start; the fast path has no side effects, so that is safe.
/// Chains that could run out of step budget are never taken, so the budget cannot end an evaluation here.
/// </remarks>
internal sealed class PathTestChain
{
    private readonly Test[] tests;
    private readonly int upfrontSteps;
    private readonly bool stopWhen;

    private PathTestChain(Test[] tests, int upfrontSteps, bool stopWhen)
    {
        this.tests = tests;
        this.upfrontSteps = upfrontSteps;
        this.stopWhen = stopWhen;
    }

    /// <summary>The chain for <paramref name="root"/>, registering its paths in <paramref name="paths"/>; null for any other shape.</summary>
    public static PathTestChain? TryCreate(ExpressionSyntax root, FilterPaths paths, int maxSteps)
    {
        var links = new List<ExpressionSyntax>();
        var innermost = root is BinarySyntax ? ExpressionChains.Collect(root, links, node => (node as BinarySyntax)?.Left) : root;
        links.Reverse();
        var upfront = links.Sum(link => ExpressionCompiler.OperatorSteps((BinarySyntax)link));
        var tests = new List<Test>();
        var next = 0;
        // The first test's comparison is the first link of the chain itself (a == 'x' && b parses as (a == 'x') && b).
        if (links.Count > 0 && Comparison((BinarySyntax)links[0]) is { } first && MemberPath(innermost, paths) is { } firstPath)
        {
            tests.Add(new Test(firstPath.Path, first.Utf8, first.Negate, Includes: false, firstPath.Members + 1));
            next = 1;
        }
        else if (Includes(innermost, paths) is { } includes)
        {
            tests.Add(includes);
        }
        else
        {
            return null;
        }

        TokenKind? connective = null;
        for (var i = next; i < links.Count; i++)
        {
            var link = (BinarySyntax)links[i];
            if (link.Operator is not (TokenKind.AndAnd or TokenKind.OrOr) || (connective is { } seen && seen != link.Operator))
            {
                return null;
            }

            connective = link.Operator;
            if (StandaloneTest(link.Right, paths) is not { } test)
            {
                return null;
            }

            tests.Add(test);
        }

        if (upfront + tests.Sum(t => t.Steps) > maxSteps)
        {
            return null;
        }

        // && stops at the first false test, || at the first true one.
        return new PathTestChain([.. tests], upfront, stopWhen: connective == TokenKind.OrOr);
    }

    /// <summary>Evaluates over <paramref name="extracted"/>; false when a test cannot be decided here (see remarks).</summary>
    public bool TryEvaluate(ExtractedPayload extracted, int[] slots, out FilterOutcome outcome)
    {
        var steps = upfrontSteps;
        var result = false;
        foreach (ref readonly var test in tests.AsSpan())
        {
            ref readonly var value = ref extracted[slots[test.Path]];
            if (!value.Resolved || (test.Includes && value.Element.ValueKind != JsonValueKind.Array))
            {
                outcome = default;
                return false;
            }

            steps += test.Steps;
            result = (test.Includes ? ListIncludes(value.Element, test.Utf8) : IsString(value.Element, test.Utf8)) != test.Negate;
            if (result == stopWhen)
            {
                break;
            }
        }

        outcome = new FilterOutcome(result, null, steps);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsString(JsonElement element, byte[] utf8) => element.ValueKind == JsonValueKind.String && element.ValueEquals(utf8);

    private static bool ListIncludes(JsonElement list, byte[] utf8)
    {
        foreach (var item in list.EnumerateArray())
        {
            if (IsString(item, utf8))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A test that is a whole operand: a comparison with its own operator step, or an includes.</summary>
    private static Test? StandaloneTest(ExpressionSyntax node, FilterPaths paths)
    {
        if (node is BinarySyntax binary && Comparison(binary) is { } comparison && MemberPath(binary.Left, paths) is { } path)
        {
            // The comparison's own chain counts its operator (2 steps with a literal on the right) before the path.
            return new Test(path.Path, comparison.Utf8, comparison.Negate, Includes: false, ExpressionCompiler.OperatorSteps(binary) + path.Members + 1);
        }

        return Includes(node, paths);
    }

    /// <summary><c>path == 'x'</c> or <c>path != 'x'</c> with the literal on the right.</summary>
    private static (byte[] Utf8, bool Negate)? Comparison(BinarySyntax binary) =>
        binary.Operator is TokenKind.EqualEqual or TokenKind.NotEqual
        && binary.Right is LiteralSyntax { Value.Kind: ValueKind.String } literal && binary.Left is not LiteralSyntax
            ? (Encoding.UTF8.GetBytes(literal.Value.AsString()), binary.Operator == TokenKind.NotEqual)
            : null;

    /// <summary><c>path.includes('x')</c>: the access chain counts its links and <c>event</c>, the argument one step.</summary>
    private static Test? Includes(ExpressionSyntax node, FilterPaths paths)
    {
        var call = (node is OptionalChainSyntax optional ? optional.Chain : node) as CallSyntax;
        if (call is not { Name: "includes", Arguments: [LiteralSyntax { Value.Kind: ValueKind.String } literal] }
            || MemberPath(call.Target, paths, allowOptionalWrapper: false) is not { } path)
        {
            return null;
        }

        return new Test(path.Path, Encoding.UTF8.GetBytes(literal.Value.AsString()), Negate: false, Includes: true, path.Members + 3);
    }

    /// <summary>The path of a chain of member reads on <c>event</c> (optional ones included), and how many members it has.</summary>
    private static (int Path, int Members)? MemberPath(ExpressionSyntax node, FilterPaths paths, bool allowOptionalWrapper = true)
    {
        if (allowOptionalWrapper && node is OptionalChainSyntax optional)
        {
            node = optional.Chain;
        }

        var links = new List<ExpressionSyntax>();
        var innermost = ExpressionChains.Collect(node, links, ExpressionChains.AccessOperand);
        if (innermost is not IdentifierSyntax { Slot: IdentifierSyntax.EventSlot } || links.Count == 0 || links.Any(link => link is not MemberSyntax))
        {
            return null;
        }

        var path = FilterPaths.Root;
        for (var i = links.Count - 1; i >= 0; i--)
        {
            path = paths.Child(path, ((MemberSyntax)links[i]).Name);
        }

        return (path, links.Count);
    }

    /// <param name="Path">The filter's number of the path tested.</param>
    /// <param name="Utf8">The literal compared with.</param>
    /// <param name="Negate">True for <c>!=</c>.</param>
    /// <param name="Includes">True for <c>includes</c> on a list; false for a comparison.</param>
    /// <param name="Steps">The steps the closure tree counts for the test.</param>
    private readonly record struct Test(int Path, byte[] Utf8, bool Negate, bool Includes, int Steps);
}
