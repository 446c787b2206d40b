namespace DynamicModules.Filters.Expressions;

/// <summary>
/// Finds member chains on <c>event</c> (such as <c>event.issue.fields</c>) that an expression reads more than once.
/// The payload cannot change during an evaluation, so the compiler reads each of them once and reuses the value.
/// </summary>
/// <remarks>
/// A path is numbered as its parent path's number plus one member name, so each member costs one dictionary
/// lookup, however long the chain it ends. (Spelling each path out as a string cost time quadratic in the chain's
/// length, and seconds for a chain of a few thousand members.)
/// </remarks>
internal sealed class SharedEventPaths
{
    private const int EventPath = 0;

    private readonly Dictionary<(int Parent, string Name), int> pathNumbers = [];
    private readonly List<int> readCounts = [0];
    private readonly Dictionary<MemberSyntax, int> pathOfMember = new(ReferenceEqualityComparer.Instance);
    private readonly List<ExpressionSyntax> chainLinks = [];
    private int[] memoSlotOfPath = [];

    private SharedEventPaths()
    {
    }

    /// <summary>How many shared paths there are; each has a memo slot below this number.</summary>
    public int Count { get; private set; }

    public static SharedEventPaths Find(ExpressionSyntax root)
    {
        var paths = new SharedEventPaths();
        paths.CountReads(root);
        paths.memoSlotOfPath = new int[paths.readCounts.Count];
        for (var path = 0; path < paths.readCounts.Count; path++)
        {
            paths.memoSlotOfPath[path] = path != EventPath && paths.readCounts[path] > 1 ? paths.Count++ : -1;
        }

        return paths;
    }

    /// <summary>The memo slot of the plain (non-optional) chain on <c>event</c> that ends at <paramref name="member"/>, or -1 when it is read only once or is no such chain.</summary>
    public int MemoSlotOf(MemberSyntax member) => pathOfMember.TryGetValue(member, out var path) ? memoSlotOfPath[path] : -1;

    private void CountReads(ExpressionSyntax node)
    {
        var first = chainLinks.Count;
        var innermost = ExpressionChains.Collect(node, chainLinks);
        CountChildren(innermost);
        var path = innermost is IdentifierSyntax { Slot: IdentifierSyntax.EventSlot } ? EventPath : -1;
        for (var i = chainLinks.Count - 1; i >= first; i--)
        {
            var link = chainLinks[i];
            path = link is MemberSyntax { Optional: false } member && path >= 0 ? Read(path, member) : -1;
            CountChildren(link);
        }

        chainLinks.RemoveRange(first, chainLinks.Count - first);
    }

    private int Read(int parent, MemberSyntax member)
    {
        if (!pathNumbers.TryGetValue((parent, member.Name), out var path))
        {
            path = pathNumbers[(parent, member.Name)] = readCounts.Count;
            readCounts.Add(0);
        }

        readCounts[path]++;
        pathOfMember[member] = path;
        return path;
    }

    /// <summary>Counts the paths in the parts of <paramref name="node"/> other than its chain operand.</summary>
    private void CountChildren(ExpressionSyntax node)
    {
        switch (node)
        {
            case IndexSyntax index:
                CountReads(index.Index);
                break;
            case CallSyntax call:
                foreach (var argument in call.Arguments)
                {
                    CountReads(argument);
                }

                break;
            case BinarySyntax binary:
                CountReads(binary.Right);
                break;
            case ArrowSyntax arrow:
                CountReads(arrow.Body);
                break;
            case OptionalChainSyntax chain:
                CountReads(chain.Chain);
                break;
            case UnarySyntax unary:
                CountReads(unary.Operand);
                break;
            case ConditionalSyntax conditional:
                CountReads(conditional.Condition);
                CountReads(conditional.WhenTrue);
                CountReads(conditional.WhenFalse);
                break;
            case ListLiteralSyntax list:
                foreach (var item in list.Items)
                {
                    CountReads(item);
                }

                break;
            case MapLiteralSyntax map:
                foreach (var entry in map.Entries)
                {
                    CountReads(entry.Value);
                }

                break;
        }
    }
}
