using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Client.Api;

/// <summary>
/// Typed calls of one installed app to one tenant of a Dynamic Modules service (DESIGN §4.1): Connect and Forge v2
/// dynamic modules, quota and expression analysis. Every request is signed as a Connect app signs it: HS256 with the
/// shared secret, <c>iss</c> = app key, <c>qsh</c> over the request relative to the tenant base URL, 3-minute lifetime.
/// A refusal throws <see cref="DynamicModulesApiException"/> with the service's message.
/// </summary>
public sealed class DynamicModulesClient
{
    private const string ConnectPath = "rest/atlassian-connect/1/app/module/dynamic";
    private const string ForgePath = "forge/installation/v2/dynamic/module";
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(3);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly ConnectCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly string _baseUrl;
    private readonly string _basePath;

    /// <summary>Creates a client for the installation <paramref name="credentials"/> describe.</summary>
    /// <param name="http">The HttpClient to send with (its BaseAddress is not used).</param>
    /// <param name="credentials">App key, shared secret and tenant base URL from the <c>installed</c> callback.</param>
    /// <param name="timeProvider">The clock for the tokens' <c>iat</c>/<c>exp</c>; the system clock when null.</param>
    public DynamicModulesClient(HttpClient http, ConnectCredentials credentials, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credentials);
        if (!Uri.TryCreate(credentials.BaseUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("The base URL must be an absolute http(s) URL.", nameof(credentials));
        }

        _http = http;
        _credentials = credentials;
        _time = timeProvider ?? TimeProvider.System;
        _baseUrl = credentials.BaseUrl.TrimEnd('/');
        _basePath = baseUri.AbsolutePath.TrimEnd('/');
    }

    /// <summary>
    /// Registers Connect dynamic modules, all or nothing: <paramref name="modules"/> is shaped like a descriptor's
    /// <c>modules</c> (module type → array of definitions).
    /// </summary>
    /// <param name="modules">The modules by type.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task RegisterConnectModulesAsync(JsonObject modules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modules);
        using var response = await SendAsync(HttpMethod.Post, ConnectPath, modules, cancellationToken);
    }

    /// <summary>The app's Connect dynamic modules in descriptor shape (module type → definitions); empty when none.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<JsonObject> ListConnectModulesAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, ConnectPath, null, cancellationToken);
        return await ReadAsync<JsonObject>(response, cancellationToken);
    }

    /// <summary>Deletes the named Connect dynamic modules (unknown keys are ignored), or all of them when <paramref name="moduleKeys"/> is null.</summary>
    /// <param name="moduleKeys">The keys to delete; null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task DeleteConnectModulesAsync(IEnumerable<string>? moduleKeys, CancellationToken cancellationToken = default)
    {
        var path = ConnectPath;
        if (moduleKeys is not null)
        {
            var keys = moduleKeys.ToList();
            if (keys.Count == 0)
            {
                throw new ArgumentException("Name at least one key, or pass null to delete all.", nameof(moduleKeys));
            }

            path += "?" + string.Join('&', keys.Select(key => "moduleKey=" + Uri.EscapeDataString(key)));
        }

        using var response = await SendAsync(HttpMethod.Delete, path, null, cancellationToken);
    }

    /// <summary>Creates a Forge dynamic module; the service generates its key.</summary>
    /// <param name="type">The Forge module type, e.g. <c>trigger</c>.</param>
    /// <param name="data">The module definition.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ForgeModule> CreateForgeModuleAsync(string type, JsonObject data, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(data);
        using var response = await SendAsync(HttpMethod.Post, ForgePath, new JsonObject { ["type"] = type, ["data"] = data.DeepClone() }, cancellationToken);
        return await ReadAsync<ForgeModule>(response, cancellationToken);
    }

    /// <summary>One page of the app's dynamic modules (both dialects), in registration order.</summary>
    /// <param name="limit">Page size; the service's default when null.</param>
    /// <param name="nextPageToken">The previous page's <see cref="ForgeModulePage.NextPageToken"/>; null for the first page.</param>
    /// <param name="type">Only modules of this Forge type; all when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ForgeModulePage> ListForgeModulesAsync(
        int? limit = null, string? nextPageToken = null, string? type = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (limit is not null)
        {
            query.Add("limit=" + limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (nextPageToken is not null)
        {
            query.Add("nextPageToken=" + Uri.EscapeDataString(nextPageToken));
        }

        if (type is not null)
        {
            query.Add("type=" + Uri.EscapeDataString(type));
        }

        var path = query.Count == 0 ? ForgePath : ForgePath + "?" + string.Join('&', query);
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
        return await ReadAsync<ForgeModulePage>(response, cancellationToken);
    }

    /// <summary>One dynamic module by key, or null when the app has none with that key.</summary>
    /// <param name="key">The module key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ForgeModule?> GetForgeModuleAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        using var response = await SendAsync(HttpMethod.Get, ForgePath + "/" + Uri.EscapeDataString(key), null, cancellationToken, allowNotFound: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<ForgeModule>(response, cancellationToken);
    }

    /// <summary>Replaces a dynamic module's definition atomically; the key stays.</summary>
    /// <param name="key">The module key.</param>
    /// <param name="type">The Forge module type.</param>
    /// <param name="data">The new definition.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ForgeModule> UpdateForgeModuleAsync(string key, string type, JsonObject data, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(data);
        using var response = await SendAsync(
            HttpMethod.Put, ForgePath + "/" + Uri.EscapeDataString(key), new JsonObject { ["type"] = type, ["data"] = data.DeepClone() }, cancellationToken);
        return await ReadAsync<ForgeModule>(response, cancellationToken);
    }

    /// <summary>Deletes a dynamic module by key; throws with status 404 when there is none.</summary>
    /// <param name="key">The module key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task DeleteForgeModuleAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        using var response = await SendAsync(HttpMethod.Delete, ForgePath + "/" + Uri.EscapeDataString(key), null, cancellationToken);
    }

    /// <summary>The installation's quota: how many modules it may still register.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ModuleQuota> GetQuotaAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, "rest/dynamic-modules/1/quota", null, cancellationToken);
        return await ReadAsync<ModuleQuota>(response, cancellationToken);
    }

    /// <summary>Checks filter expressions (or JQL) without registering anything.</summary>
    /// <param name="expressions">1 to 100 texts.</param>
    /// <param name="language"><c>expression</c> (default) or <c>jql</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<ExpressionAnalysis>> AnalyseAsync(
        IEnumerable<string> expressions, string language = "expression", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        var body = new JsonObject
        {
            ["expressions"] = new JsonArray([.. expressions.Select(text => (JsonNode)JsonValue.Create(text))]),
            ["language"] = language,
        };
        using var response = await SendAsync(HttpMethod.Post, "rest/dynamic-modules/1/expression/analyse", body, cancellationToken);
        return (await ReadAsync<AnalysisResults>(response, cancellationToken)).Results;
    }

    private sealed record AnalysisResults(IReadOnlyList<ExpressionAnalysis> Results);

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string relativePath, JsonNode? body, CancellationToken cancellationToken, bool allowNotFound = false)
    {
        var uri = new Uri(_baseUrl + "/" + relativePath);
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("JWT", Token(method, uri));
        var response = await _http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound))
        {
            return response;
        }

        using (response)
        {
            throw await RefusalAsync(response, cancellationToken);
        }
    }

    private string Token(HttpMethod method, Uri uri)
    {
        var now = _time.GetUtcNow();
        var claims = new JsonObject
        {
            ["iss"] = _credentials.AppKey,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
            ["qsh"] = QueryStringHash.Compute(method.Method, uri.AbsolutePath, uri.Query, _basePath),
        };
        if (_credentials.ClientKey is { Length: > 0 } clientKey)
        {
            claims["aud"] = new JsonArray(clientKey);
        }

        return JwtSigner.SignHs256(claims, _credentials.SharedSecret);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken)
            ?? throw new DynamicModulesApiException((int)response.StatusCode, "The service answered an empty body.");
    }

    // Both dialects: {message, errors: [{path, message}]} (Connect, Forge) and problem+json {detail, errors: {path: [..]}}.
    private static async Task<DynamicModulesApiException> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonObject? body = null;
        try
        {
            body = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        }
        catch (JsonException)
        {
        }

        var message = (body?["message"] ?? body?["detail"]) is JsonValue value && value.TryGetValue<string>(out var said)
            ? said
            : $"The service answered {status} {response.ReasonPhrase}.";
        var errors = new List<ApiFieldError>();
        switch (body?["errors"])
        {
            case JsonArray list:
                foreach (var entry in list.OfType<JsonObject>())
                {
                    errors.Add(new ApiFieldError(entry["path"]?.ToString() ?? "", entry["message"]?.ToString() ?? ""));
                }

                break;
            case JsonObject map:
                foreach (var (path, messages) in map)
                {
                    foreach (var entry in messages as JsonArray ?? [])
                    {
                        errors.Add(new ApiFieldError(path, entry?.ToString() ?? ""));
                    }
                }

                break;
        }

        return new DynamicModulesApiException(status, message, errors);
    }
}
