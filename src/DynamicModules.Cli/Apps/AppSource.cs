using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Cli.Service;

namespace DynamicModules.Cli.Apps;

/// <summary>
/// Turns the argument of <c>apps install</c> (a URL or a file) into the install body, telling a Connect descriptor from a
/// Forge manifest by content: a JSON object with a top-level <c>key</c> or <c>baseUrl</c> is a descriptor (Connect's required
/// members); anything else (YAML, or JSON with <c>app</c>) is a manifest, sent as its text for the service to parse.
/// </summary>
internal static class AppSource
{
    /// <summary>The service reads descriptors and manifests of at most 1 MiB; a bigger file is refused before it is sent.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The body for <paramref name="source"/>; a URL is fetched once to see what it serves, and the service fetches it again.</summary>
    public static async Task<InstallBody> ResolveAsync(string source, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            var fetched = await FetchAsync(url, cancellationToken);
            return IsConnectDescriptor(fetched, out _) ? new InstallBody { DescriptorUrl = source } : new InstallBody { ManifestUrl = source };
        }

        var text = ReadFile(source);
        return IsConnectDescriptor(text, out var descriptor) ? new InstallBody { Descriptor = descriptor } : new InstallBody { Manifest = text };
    }

    /// <summary>True when <paramref name="text"/> is a JSON object shaped like a Connect descriptor.</summary>
    public static bool IsConnectDescriptor(string text, out JsonObject? descriptor)
    {
        descriptor = null;
        try
        {
            if (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) is JsonObject root
                && (root["key"] is JsonValue || root["baseUrl"] is JsonValue)
                && root["app"] is null)
            {
                descriptor = root;
                return true;
            }
        }
        catch (JsonException)
        {
            // Not JSON: a YAML manifest.
        }

        return false;
    }

    private static string ReadFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new UsageException($"'{path}' is neither an http(s) URL nor an existing file.");
            }

            if (info.Length > MaxBytes)
            {
                throw new UsageException($"'{path}' is {info.Length} bytes; descriptors and manifests are at most {MaxBytes} bytes.");
            }

            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read '{path}': {error.Message}");
        }
    }

    private static async Task<string> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ServiceRefusedException($"{url} answered {(int)response.StatusCode} {response.StatusCode}; nothing was installed.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxBytes + 1];
            var read = 0;
            while (read < buffer.Length && await body.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
            {
                read += n;
            }

            return read > MaxBytes
                ? throw new ServiceRefusedException($"{url} serves more than {MaxBytes} bytes; descriptors and manifests are at most that.")
                : Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (HttpRequestException error)
        {
            throw new ServiceRefusedException($"Cannot fetch {url}: {error.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceRefusedException($"{url} did not answer within 30 s.");
        }
    }
}
