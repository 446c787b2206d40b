using System.Text.Json;

namespace DynamicModules.Filters;

/// <summary>
/// The values of one event at the paths of a <see cref="PayloadPaths"/>, read once and shared by every filter evaluated
/// against the event. Rented per thread and returned after matching, so extracting allocates nothing in the steady
/// state; the texts JQL compares are decoded once per event and path, not once per filter.
/// </summary>
internal sealed class ExtractedPayload
{
    [ThreadStatic]
    private static ExtractedPayload? spare;

    private PayloadValue[] values = [];
    private string[]?[] texts = [];
    private int count;

    private ExtractedPayload()
    {
    }

    /// <summary>The payload itself (the <c>event</c> variable).</summary>
    public JsonElement Root { get; private set; }

    /// <summary>The value at <paramref name="slot"/>, by reference: it is read far more often than written.</summary>
    public ref readonly PayloadValue this[int slot] => ref values[slot];

    /// <summary>Sets the value at <paramref name="slot"/>; extraction only.</summary>
    public void Set(int slot, in PayloadValue value) => values[slot] = value;

    public static ExtractedPayload Rent(JsonElement root, int count)
    {
        var extracted = spare ?? new ExtractedPayload();
        spare = null;
        extracted.Root = root;
        extracted.count = count;
        if (extracted.values.Length < count)
        {
            extracted.values = new PayloadValue[count];
            extracted.texts = new string[]?[count];
        }

        return extracted;
    }

    /// <summary>Gives the instance back for the next event on this thread; it must not be used afterwards.</summary>
    public void Return()
    {
        // Drop references into the payload and decoded texts, so nothing is kept alive.
        Root = default;
        values.AsSpan(0, count).Clear();
        texts.AsSpan(0, count).Clear();
        spare = this;
    }

    /// <summary>
    /// The non-empty strings and the numbers (as written) at <paramref name="slot"/>, or in the array there, as a JQL
    /// field compares them; empty when the path is missing or not reached. Decoded on first use per event.
    /// </summary>
    public string[] TextsOf(int slot)
    {
        if (texts[slot] is { } cached)
        {
            return cached;
        }

        ref readonly var value = ref values[slot];
        var collected = new List<string>();
        if (value.Resolved)
        {
            Jql.JqlField.AddTexts(value.Element, collected);
        }

        return texts[slot] = collected.Count == 0 ? [] : [.. collected];
    }
}
