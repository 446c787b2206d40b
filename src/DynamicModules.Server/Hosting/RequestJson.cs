using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamicModules.Server.Hosting;

/// <summary>
/// Reads request bodies as JSON ourselves instead of through model binding, so that malformed JSON gets
/// a message saying where it is malformed rather than a bare 400.
/// </summary>
public static class RequestJson
{
    /// <summary>Largest request body we parse (1 MiB); module batches are far smaller.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Parses the body as a JSON object; returns an error message instead when it is not one.</summary>
    public static async Task<(JsonObject? Body, string? Error)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (node, error) = await ReadAsync(request, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        return node is JsonObject body ? (body, null) : (null, "The request body must be a JSON object.");
    }

    /// <summary>Parses the body as any JSON value.</summary>
    public static async Task<(JsonNode? Body, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, $"The request body is larger than {MaxBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxBytes)
        {
            return (null, $"The request body is larger than {MaxBytes} bytes.");
        }

        if (buffer.Length == 0)
        {
            return (null, "The request body is empty; a JSON document is required.");
        }

        try
        {
            return (JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 64 }), null);
        }
        catch (JsonException exception)
        {
            return (null, $"The request body is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).");
        }
    }
}
