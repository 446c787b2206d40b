namespace DynamicModules.Filters.Expressions;

/// <summary>The kinds of value the type checker distinguishes. <see cref="Any"/> is what payload reads produce.</summary>
internal enum TypeKind
{
    Any,
    Null,
    Boolean,
    Number,
    String,
    List,
    Map,
    Function,
}

/// <summary>
/// A statically inferred type. Payload values are <see cref="Any"/> and checked at run time; everything else
/// (literals, operators, method results) is known, so definite mistakes are reported before the filter runs.
/// </summary>
internal sealed record StaticType(TypeKind Kind, StaticType? Element = null)
{
    public static readonly StaticType Any = new(TypeKind.Any);
    public static readonly StaticType Null = new(TypeKind.Null);
    public static readonly StaticType Boolean = new(TypeKind.Boolean);
    public static readonly StaticType Number = new(TypeKind.Number);
    public static readonly StaticType String = new(TypeKind.String);
    public static readonly StaticType Map = new(TypeKind.Map);
    public static readonly StaticType Function = new(TypeKind.Function);
    public static readonly StaticType ListOfAny = new(TypeKind.List, Any);

    public bool IsAny => Kind == TypeKind.Any;

    /// <summary>True when a value of this type may turn out to be of kind <paramref name="kind"/> at run time.</summary>
    public bool Admits(TypeKind kind) => Kind == TypeKind.Any || Kind == kind;

    public static StaticType ListOf(StaticType element) => element.IsAny ? ListOfAny : new StaticType(TypeKind.List, element);

    public override string ToString() => Kind == TypeKind.List ? $"List<{Element}>" : Kind.ToString();
}
