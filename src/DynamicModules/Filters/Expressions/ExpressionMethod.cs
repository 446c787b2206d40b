namespace DynamicModules.Filters.Expressions;

/// <summary>Which receivers a method exists on. Names shared by lists and strings (includes, indexOf) have both flags.</summary>
[Flags]
internal enum MethodReceivers
{
    None = 0,
    List = 1,
    String = 2,
}

/// <summary>A built-in method of lists or strings: its name, arity and whether its argument is a callback.</summary>
internal sealed record ExpressionMethod(string Name, int Arity, MethodReceivers Receivers, bool TakesCallback = false)
{
    private static readonly Dictionary<string, ExpressionMethod> All = new[]
    {
        new ExpressionMethod("map", 1, MethodReceivers.List, TakesCallback: true),
        new ExpressionMethod("filter", 1, MethodReceivers.List, TakesCallback: true),
        new ExpressionMethod("some", 1, MethodReceivers.List, TakesCallback: true),
        new ExpressionMethod("every", 1, MethodReceivers.List, TakesCallback: true),
        new ExpressionMethod("includes", 1, MethodReceivers.List | MethodReceivers.String),
        new ExpressionMethod("indexOf", 1, MethodReceivers.List | MethodReceivers.String),
        new ExpressionMethod("startsWith", 1, MethodReceivers.String),
        new ExpressionMethod("endsWith", 1, MethodReceivers.String),
        new ExpressionMethod("toLowerCase", 0, MethodReceivers.String),
        new ExpressionMethod("toUpperCase", 0, MethodReceivers.String),
        new ExpressionMethod("trim", 0, MethodReceivers.String),
    }.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static ExpressionMethod? Find(string name) => All.GetValueOrDefault(name);

    /// <summary>True for the callback methods whose callback must return a Boolean.</summary>
    public bool IsPredicate => Name is "filter" or "some" or "every";
}
