using System.Text;

namespace DynamicModules.Filters.Expressions;

/// <summary>
/// Finds member chains on <c>event</c> (such as <c>event.issue.fields</c>) that an expression reads more than once.
/// The payload cannot change during an evaluation, so the compiler reads each of them once and reuses the value.
/// </summary>
internal static class SharedEventPaths
{
    public static HashSet<string> Find(ExpressionSyntax root)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        Count(root, counts);
        return counts.Where(c => c.Value > 1).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The dotted path of a plain (non-optional) member chain rooted at <c>event</c>, or null for anything else.</summary>
    public static string? PathOf(MemberSyntax member)
    {
        var builder = new StringBuilder();
        ExpressionSyntax current = member;
        while (current is MemberSyntax { Optional: false } link)
        {
            builder.Insert(0, link.Name).Insert(0, '.');
            current = link.Target;
        }

        return current is IdentifierSyntax { Slot: IdentifierSyntax.EventSlot } ? "event" + builder : null;
    }

    /// <summary>The steps evaluating a plain chain takes: one per member plus one for <c>event</c>.</summary>
    public static int NodeCount(MemberSyntax member)
    {
        var count = 1;
        ExpressionSyntax current = member;
        while (current is MemberSyntax link)
        {
            count++;
            current = link.Target;
        }

        return count;
    }

    private static void Count(ExpressionSyntax node, Dictionary<string, int> counts)
    {
        switch (node)
        {
            case MemberSyntax member:
                if (PathOf(member) is { } path)
                {
                    counts[path] = counts.GetValueOrDefault(path) + 1;
                }

                Count(member.Target, counts);
                break;
            case IndexSyntax index:
                Count(index.Target, counts);
                Count(index.Index, counts);
                break;
            case CallSyntax call:
                Count(call.Target, counts);
                foreach (var argument in call.Arguments)
                {
                    Count(argument, counts);
                }

                break;
            case ArrowSyntax arrow:
                Count(arrow.Body, counts);
                break;
            case OptionalChainSyntax chain:
                Count(chain.Chain, counts);
                break;
            case UnarySyntax unary:
                Count(unary.Operand, counts);
                break;
            case BinarySyntax binary:
                Count(binary.Left, counts);
                Count(binary.Right, counts);
                break;
            case ConditionalSyntax conditional:
                Count(conditional.Condition, counts);
                Count(conditional.WhenTrue, counts);
                Count(conditional.WhenFalse, counts);
                break;
            case ListLiteralSyntax list:
                foreach (var item in list.Items)
                {
                    Count(item, counts);
                }

                break;
            case MapLiteralSyntax map:
                foreach (var entry in map.Entries)
                {
                    Count(entry.Value, counts);
                }

                break;
        }
    }
}
