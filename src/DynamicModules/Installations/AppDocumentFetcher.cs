using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using DynamicModules.Apps;
using DynamicModules.Json;
using DynamicModules.Modules;

namespace DynamicModules.Installations;

/// <summary>
/// Fetches descriptors and translation files from apps. The app's server is not trusted to behave: every
/// way a fetch can go wrong (refused connection, redirect, early close, a Content-Length that lies, a body
/// that never ends or drips in slowly, bytes that are not UTF-8 JSON) becomes an error message that names
/// the URL, never an exception.
/// </summary>
public sealed class AppDocumentFetcher(IHttpClientFactory httpClientFactory)
{
    /// <summary>Largest document accepted (1 MiB); the body is cut off while streaming, not after.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>
    /// GETs <paramref name="url"/> and parses it with <see cref="StrictJson"/>; an error message instead on
    /// any failure. <paramref name="timeout"/> bounds the whole fetch (connect, headers and every body read).
    /// </summary>
    public async Task<(JsonNode? Document, string? Error)> FetchJsonAsync(string url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (bytes, error) = await FetchUtf8Async(url, timeout, "JSON documents", cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        var (document, problem) = StrictJson.Parse(bytes);
        return problem is null ? (document, null) : (null, $"GET {url} did not return acceptable JSON: {problem.Describe()}");
    }

    /// <summary>
    /// GETs <paramref name="url"/> as UTF-8 text (a Forge <c>manifest.yml</c>); an error message instead on any
    /// failure, with the same limits as <see cref="FetchJsonAsync"/>.
    /// </summary>
    public async Task<(string? Text, string? Error)> FetchTextAsync(string url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (bytes, error) = await FetchUtf8Async(url, timeout, "Manifests", cancellationToken);
        return error is not null ? (null, error) : (System.Text.Encoding.UTF8.GetString(bytes), null);
    }

    private async Task<(byte[] Bytes, string? Error)> FetchUtf8Async(string url, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return ([], $"'{url}' is not an absolute http(s) URL.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var (bytes, error) = await ReadBodyAsync(uri, url, deadline.Token);
            if (error is not null)
            {
                return ([], error);
            }

            return Utf8.IsValid(bytes) ? (bytes, null) : ([], $"GET {url} returned a body that is not UTF-8 text; {what} must be UTF-8.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ([], $"GET {url} did not deliver the whole document within {timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException exception)
        {
            return ([], $"GET {url} failed: {exception.Message}");
        }
        catch (IOException exception)
        {
            // HttpIOException (a body shorter than its Content-Length, a broken chunk) is an IOException, not an
            // HttpRequestException.
            return ([], $"GET {url} broke off while sending the body: {exception.Message}");
        }
    }

    private async Task<(byte[] Bytes, string? Error)> ReadBodyAsync(Uri uri, string url, CancellationToken cancellationToken)
    {
        // The client follows no redirects: the app names its documents, another host must not.
        using var response = await httpClientFactory.CreateClient(LifecycleCallbackSender.HttpClientName)
            .GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if ((int)response.StatusCode is >= 300 and < 400)
        {
            return ([], $"GET {url} answered HTTP {(int)response.StatusCode} (a redirect to '{response.Headers.Location}'); redirects are not followed, give the document's own URL.");
        }

        if (!response.IsSuccessStatusCode)
        {
            return ([], $"GET {url} answered HTTP {(int)response.StatusCode}.");
        }

        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            return ([], $"GET {url} announced {response.Content.Headers.ContentLength} bytes; the limit is {MaxBytes} bytes.");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return ([], $"GET {url} sent more than {MaxBytes} bytes; the limit is {MaxBytes} bytes.");
            }
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>Fetches every translation file of a descriptor: locale → key → text.</summary>
    public async Task<(JsonObject? Translations, string? Error)> FetchTranslationsAsync(AppDescriptor descriptor, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var translations = new JsonObject();
        foreach (var (locale, path) in descriptor.TranslationPaths)
        {
            var url = AppRelativeUrl.Join(descriptor.BaseUrl, path);
            var (document, error) = await FetchJsonAsync(url, timeout, cancellationToken);
            if (error is not null)
            {
                return (null, $"Translations for {locale}: {error}");
            }

            if (document is not JsonObject entries || entries.Any(entry => entry.Value is not JsonValue value || value.GetValueKind() != JsonValueKind.String))
            {
                return (null, $"Translations for {locale} (GET {url}) must be a JSON object of strings.");
            }

            translations[locale] = entries.DeepClone();
        }

        return (translations, null);
    }
}
