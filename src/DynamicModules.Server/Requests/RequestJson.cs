using System.Buffers;
using System.Text.Json.Nodes;
using DynamicModules.Json;
using Microsoft.AspNetCore.Http.Features;

namespace DynamicModules.Server.Requests;

/// <summary>
/// Reads request bodies as JSON ourselves instead of through model binding, through <see cref="StrictJson"/>:
/// malformed JSON, duplicate names, lone surrogates, deep nesting and oversized bodies are refused with the
/// JSON path of the problem, and what is handed out can be read without any read throwing.
/// </summary>
public static class RequestJson
{
    /// <summary>Largest request body we parse (1 MiB); module batches are far smaller.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Parses the body as a JSON object; a <see cref="RequestJsonError"/> instead when it is not one.</summary>
    public static async Task<(JsonObject? Body, RequestJsonError? Error)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (node, error) = await ReadAsync(request, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        return node is JsonObject body
            ? (body, null)
            : (null, new RequestJsonError(StrictJson.RootPath, $"The request body must be a JSON object, not {Describe(node)}.", TooLarge: false));
    }

    /// <summary>Parses the body as any JSON value (null for the literal <c>null</c>).</summary>
    public static async Task<(JsonNode? Body, RequestJsonError? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            LetTheServerDiscard(request);
            return (null, TooLarge());
        }

        var buffer = new ArrayBufferWriter<byte>();
        // Read at most one byte past the limit: a chunked body without a length cannot make us buffer more.
        while (true)
        {
            var chunk = buffer.GetMemory(16 * 1024);
            var read = await request.Body.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBytes)
            {
                return (null, TooLarge());
            }
        }

        var (node, problem) = StrictJson.Parse(buffer.WrittenSpan);
        return problem is null
            ? (node, null)
            : (null, new RequestJsonError(problem.Path, "The request body was refused: " + problem.Message, TooLarge: false));
    }

    /// <summary>Largest declared body the server reads and throws away after refusing it (8 MiB).</summary>
    public const long MaxDiscardedBytes = 8L << 20;

    // The body is refused from its Content-Length, before it is read. Kestrel then drains what is left of a request
    // before the next one, but only up to the request's size limit: over it, it closes the connection while the client
    // may still be writing, and the client sees a reset (a broken pipe) instead of the 413. Raising this request's
    // limit to its declared length lets the client finish writing and read the answer on a connection that stays
    // usable; the work is bounded by MaxDiscardedBytes (and Kestrel's minimum data rate), beyond which it closes.
    private static void LetTheServerDiscard(HttpRequest request)
    {
        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false } && request.ContentLength <= MaxDiscardedBytes)
        {
            limit.MaxRequestBodySize = request.ContentLength;
        }
    }

    private static RequestJsonError TooLarge() =>
        new(StrictJson.RootPath, $"The request body is larger than the limit of {MaxBytes} bytes (1 MiB).", TooLarge: true);

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "an array",
        _ => $"a {node.GetValueKind().ToString().ToLowerInvariant()}",
    };
}
