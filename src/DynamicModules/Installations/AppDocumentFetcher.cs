using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Apps;
using DynamicModules.Modules;

namespace DynamicModules.Installations;

/// <summary>Fetches descriptors and translation files from apps, with a size cap and a timeout.</summary>
public sealed class AppDocumentFetcher(IHttpClientFactory httpClientFactory)
{
    private const int MaxBytes = 1 << 20;

    /// <summary>GETs <paramref name="url"/> and parses it as JSON; an error message instead on any failure.</summary>
    public async Task<(JsonNode? Document, string? Error)> FetchJsonAsync(string url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return (null, $"'{url}' is not an absolute http(s) URL.");
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await httpClientFactory.CreateClient(LifecycleCallbackSender.HttpClientName)
                .GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"GET {url} answered HTTP {(int)response.StatusCode}.");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeoutSource.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeoutSource.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes)
                {
                    return (null, $"GET {url} returned more than {MaxBytes} bytes.");
                }
            }

            return (JsonNode.Parse(buffer.ToArray()), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"GET {url} did not answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException exception)
        {
            return (null, $"GET {url} failed: {exception.Message}");
        }
        catch (JsonException exception)
        {
            return (null, $"GET {url} did not return valid JSON (line {exception.LineNumber + 1}).");
        }
    }

    /// <summary>Fetches every translation file of a descriptor: locale → key → text.</summary>
    public async Task<(JsonObject? Translations, string? Error)> FetchTranslationsAsync(AppDescriptor descriptor, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var translations = new JsonObject();
        foreach (var (locale, path) in descriptor.TranslationPaths)
        {
            var (document, error) = await FetchJsonAsync(AppRelativeUrl.Join(descriptor.BaseUrl, path), timeout, cancellationToken);
            if (error is not null)
            {
                return (null, $"Translations for {locale}: {error}");
            }

            if (document is not JsonObject entries || entries.Any(entry => entry.Value is not JsonValue value || value.GetValueKind() != JsonValueKind.String))
            {
                return (null, $"Translations for {locale} must be a JSON object of strings.");
            }

            translations[locale] = entries.DeepClone();
        }

        return (translations, null);
    }
}
