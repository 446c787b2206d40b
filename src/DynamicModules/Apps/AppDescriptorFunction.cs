namespace DynamicModules.Apps;

/// <summary>
/// A function declared in the descriptor (<c>modules.function</c>) that dynamic triggers and UI
/// resolvers may reference by key.
/// </summary>
/// <param name="Key">The function key.</param>
/// <param name="Handler">The Forge-style handler name, kept for information.</param>
/// <param name="Url">The app-relative URL the service POSTs to, when declared.</param>
public sealed record AppDescriptorFunction(string Key, string? Handler, string? Url)
{
    /// <summary>
    /// Where invocations of this function are delivered, relative to the app base URL: its <c>url</c>,
    /// or <c>/functions/{key}</c> when it has none.
    /// </summary>
    public string DeliveryPath => Url ?? $"/functions/{Key}";
}
