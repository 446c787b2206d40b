namespace DynamicModules.Modules;

/// <summary>
/// One problem found in a module definition or descriptor. <see cref="Path"/> is a JSON path such
/// as <c>webItems[0].name.value</c> or <c>data.events[1]</c>; an empty path means the whole body.
/// </summary>
public sealed record ValidationError(string Path, string Message)
{
    /// <summary>The error as <c>{path}: {message}</c>, the form used in Connect <c>message</c> bodies.</summary>
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
