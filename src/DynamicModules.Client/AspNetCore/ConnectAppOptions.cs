using System.Text.Json.Nodes;

namespace DynamicModules.Client.AspNetCore;

/// <summary>The app that <see cref="ConnectAppServiceCollectionExtensions.AddConnectApp"/> serves.</summary>
public sealed class ConnectAppOptions
{
    /// <summary>The app's descriptor key. Required.</summary>
    public string Key { get; set; } = "";

    /// <summary>The app's display name; the key when empty.</summary>
    public string Name { get; set; } = "";

    /// <summary>The app's public base URL; the first URL the server listens on when null.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The Dynamic Modules service whose keys the app trusts (<c>/connect-keys/{kid}</c>, <c>/.well-known/jwks.json</c>).</summary>
    public string ServiceUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The descriptor's scopes; <c>READ</c> lets the app receive events.</summary>
    public IList<string> Scopes { get; } = ["READ"];

    /// <summary>The descriptor's static modules (e.g. the <c>function</c> declarations dynamic triggers name).</summary>
    public JsonObject Modules { get; set; } = [];

    /// <summary>The largest request body the app reads from the service, in bytes; larger ones are answered 413.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}
