using System.Buffers;
using System.Text.Json.Nodes;
using DynamicModules.Json;

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

    private static RequestJsonError TooLarge() =>
        new(StrictJson.RootPath, $"The request body is larger than the limit of {MaxBytes} bytes (1 MiB).", TooLarge: true);

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "an array",
        _ => $"a {node.GetValueKind().ToString().ToLowerInvariant()}",
    };
}
