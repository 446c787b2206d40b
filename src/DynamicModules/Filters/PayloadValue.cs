using System.Text.Json;

namespace DynamicModules.Filters;

/// <summary>
/// What a path read from an event: <see cref="Resolved"/> when its parent was an object (then <see cref="Element"/> is
/// the member, or undefined when the object has no such member), unresolved when the parent was no object or was not
/// reached, and the filter has to apply its own rule for reading a member of that value. <see cref="Present"/> when
/// the member exists (so <see cref="Element"/> is defined): known without asking the element for its kind.
/// </summary>
internal readonly record struct PayloadValue(bool Resolved, bool Present, JsonElement Element)
{
    public static PayloadValue Unresolved => default;

    public static PayloadValue Missing => new(true, false, default);

    public static PayloadValue Found(JsonElement element) => new(true, true, element);
}
