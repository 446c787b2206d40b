using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace DynamicModules.Cli.Service;

/// <summary>
/// The operator API over HTTP: every answer that is not 2xx becomes a <see cref="ServiceRefusedException"/> carrying the
/// problem's <c>detail</c>, and so does a service that cannot be reached. Answers are returned as JSON nodes so that
/// <c>--json</c> prints exactly what the service sent.
/// </summary>
internal sealed class OperatorApi : IDisposable
{
    /// <summary>Longest wait for one answer: an install waits for the app's lifecycle callbacks, which the service bounds itself.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Largest error body read for its detail; the rest of a runaway answer is not needed.</summary>
    private const int MaxErrorBodyChars = 64 * 1024;

    private readonly HttpClient _http;
    private readonly ServiceSettings _settings;

    public OperatorApi(ServiceSettings settings)
    {
        _settings = settings;
        _http = new HttpClient { BaseAddress = new Uri(settings.BaseUrl.AbsoluteUri.TrimEnd('/') + "/"), Timeout = RequestTimeout };
        if (settings.OperatorKey is { } key)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    /// <summary>GET <paramref name="path"/> (relative to the service root).</summary>
    public Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>POST <paramref name="path"/> without a body.</summary>
    public Task<JsonNode?> PostAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, null, cancellationToken);

    /// <summary>DELETE <paramref name="path"/>.</summary>
    public Task<JsonNode?> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>Sends <paramref name="body"/> as JSON with <paramref name="method"/>.</summary>
    public Task<JsonNode?> SendAsync<T>(HttpMethod method, string path, T body, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(method, path, JsonContent.Create(body, type), cancellationToken);

    /// <summary>Sends JSON text the user supplied unchanged, so the service, not the CLI, judges it.</summary>
    public Task<JsonNode?> SendJsonTextAsync(HttpMethod method, string path, string json, CancellationToken cancellationToken) =>
        SendAsync(method, path, new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException error)
        {
            throw new ServiceRefusedException($"Cannot reach the service at {_settings.BaseUrl}: {error.Message} (set DYNMOD_URL to its address).");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceRefusedException($"The service at {_settings.BaseUrl} did not answer within {RequestTimeout.TotalSeconds:0} s.");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ServiceRefusedException(RefusalMessage(response.StatusCode, text), (int)response.StatusCode);
            }

            return text.Length == 0 ? null : ParseAnswer(text);
        }
    }

    private static JsonNode? ParseAnswer(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException error)
        {
            throw new ServiceRefusedException($"The service answered something that is not JSON: {error.Message}");
        }
    }

    // A problem's detail says what is wrong; the app dialects answer {message}; anything else at least gets its status.
    private string RefusalMessage(HttpStatusCode status, string body)
    {
        string? detail = null;
        try
        {
            if (JsonNode.Parse(body.Length > MaxErrorBodyChars ? "" : body) is JsonObject problem)
            {
                detail = Text(problem["detail"]) ?? Text(problem["message"]) ?? Text(problem["title"]);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, say): fall back to the status line below.
        }

        var message = detail ?? $"The service answered {(int)status} {status}.";
        if (status == HttpStatusCode.Unauthorized && _settings.OperatorKey is null)
        {
            message += $" No operator key was found: set DYNMOD_OPERATOR_KEY or run from the folder that holds {ServiceSettings.DefaultKeyFile}.";
        }

        return message;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public void Dispose() => _http.Dispose();
}
