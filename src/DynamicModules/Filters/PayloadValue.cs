using System.Text.Json;

namespace DynamicModules.Filters;

/// <summary>
/// What a path read from an event: <see cref="Resolved"/> when its parent was an object (then <see cref="Element"/> is
/// the member, or undefined when the object has no such member), unresolved when the parent was no object or was not
/// reached, and the filter has to apply its own rule for reading a member of that value.
/// </summary>
internal readonly record struct PayloadValue(bool Resolved, JsonElement Element)
{
    public static PayloadValue Unresolved => default;

    public static PayloadValue Missing => new(true, default);

    public static PayloadValue Found(JsonElement element) => new(true, element);
}
