using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
internal readonly struct PathTestChain
{
    /// <summary>What <see cref="Evaluate"/> answers when the chain cannot decide: the closure tree must.</summary>
    public static readonly FilterOutcome Undecided = new(false, null, -1);

    private readonly Test[] tests;
    private readonly bool stopWhen;

    private PathTestChain(Test[] tests, bool stopWhen)
    {
        this.tests = tests;
        this.stopWhen = stopWhen;
    }

    /// <summary>False for the default value, which stands for "no chain" where a chain is held inline.</summary>
    public bool Exists => tests is not null;

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

        // Each test carries the steps counted when the chain stops at it: the operators' up front, then every test so far.
        var counted = new Test[tests.Count];
        var total = upfront;
        for (var i = 0; i < counted.Length; i++)
        {
            total += tests[i].Steps;
            counted[i] = tests[i] with { Steps = total };
        }

        // && stops at the first false test, || at the first true one.
        return new PathTestChain(counted, stopWhen: connective == TokenKind.OrOr);
    }

    /// <summary>
    /// The same chain reading the merged values directly: <paramref name="slots"/> maps the filter's path numbers to the
    /// slots of the <see cref="PayloadPaths"/> that merged them, resolved here once instead of on every evaluation.
    /// </summary>
    public PathTestChain Bind(int[] slots) => new([.. tests.Select(test => test with { Path = slots[test.Path] })], stopWhen);

    /// <summary>The chain's tests in order (in a bound chain, reading merged slots), for the straight-line forms of <see cref="BoundFilter"/>.</summary>
    public ReadOnlySpan<Test> Tests => tests;

    /// <summary>The value of a test that stops the chain: false for <c>&amp;&amp;</c>, true for <c>||</c>.</summary>
    public bool StopWhen => stopWhen;

    /// <summary>
    /// Evaluates a bound chain (<see cref="Bind"/>) over <paramref name="extracted"/>; <see cref="Undecided"/> (negative
    /// steps) when a test cannot be decided here (see remarks). Returned by value: no out parameter, nothing on the heap.
    /// </summary>
    public FilterOutcome Evaluate(ExtractedPayload extracted)
    {
        var stop = stopWhen ? 1 : 0;
        foreach (ref readonly var test in tests.AsSpan())
        {
            var passed = test.Run(extracted);
            if (passed < 0)
            {
                return Undecided;
            }

            if (passed == stop)
            {
                return new FilterOutcome(stopWhen, null, test.Steps);
            }
        }

        // No test stopped the chain: its value is the last test's, the opposite of the stopping one.
        return new FilterOutcome(!stopWhen, null, tests[^1].Steps);
    }

    /// <summary>
    /// True when <paramref name="element"/> is a string equal to <paramref name="utf8"/>, exactly as
    /// <see cref="JsonElement.ValueEquals(ReadOnlySpan{byte})"/> decides after unescaping, but from one read of the token's
    /// raw text instead of three of its metadata. <paramref name="plain"/>: the literal has no backslash.
    /// </summary>
    /// <remarks>
    /// An escape is longer than what it stands for, so raw text shorter than the literal never equals it, and raw text of
    /// the literal's length equals it exactly when its bytes do (the literal having no backslash, equal bytes have none
    /// either, so they are not escapes). Only longer raw text with a backslash in it needs unescaping.
    /// </remarks>
    private static bool IsString(JsonElement element, byte[] utf8, bool plain)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length < 2 || raw[0] != (byte)'"')
        {
            return false;
        }

        var text = raw[1..^1];
        return plain && text.Length <= utf8.Length ? text.SequenceEqual(utf8) : Unescaped(element, text, utf8, plain);
    }

    // Rare: a literal with a backslash, or raw text longer than the literal (equal only through escapes). Not inlined, so
    // that the common path stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Unescaped(JsonElement element, ReadOnlySpan<byte> text, byte[] utf8, bool plain) =>
        (!plain || text.Contains((byte)'\\')) && element.ValueEquals(utf8);

    private static bool ListIncludes(JsonElement list, byte[] utf8, bool plain)
    {
        foreach (var item in list.EnumerateArray())
        {
            if (IsString(item, utf8, plain))
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

    /// <param name="Path">The filter's number of the path tested; in a bound chain, the merged slot.</param>
    /// <param name="Utf8">The literal compared with.</param>
    /// <param name="Negate">True for <c>!=</c>.</param>
    /// <param name="Includes">True for <c>includes</c> on a list; false for a comparison.</param>
    /// <param name="Steps">The steps the closure tree counts for the test (while building); then the chain's total when it stops here.</param>
    internal readonly record struct Test(int Path, byte[] Utf8, bool Negate, bool Includes, int Steps)
    {
        /// <summary>True when the literal has no backslash, so raw text of its length compares byte for byte.</summary>
        public bool Plain { get; } = !Utf8.AsSpan().Contains((byte)'\\');

        /// <summary>
        /// The test over a bound chain's values: 1 when it passes, 0 when it fails, -1 when it cannot be decided here (its
        /// value not read as a plain member, or an <c>includes</c> on no list). Inlined into every straight-line form.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Run(ExtractedPayload extracted)
        {
            ref readonly var value = ref extracted[Path];
            if (!value.Resolved)
            {
                return -1;
            }

            if (Includes)
            {
                return value.Element.ValueKind != JsonValueKind.Array ? -1 : ListIncludes(value.Element, Utf8, Plain) ? 1 : 0;
            }

            return (value.Present && IsString(value.Element, Utf8, Plain)) != Negate ? 1 : 0;
        }
    }
}
