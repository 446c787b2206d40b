using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>
/// Holds the service's own OpenAPI document to every answer a test receives: the status must be documented for
/// the operation, with the answer's media type, and a JSON body must match the documented schema. Used as the
/// message handler of the test clients, so every API test also checks the document against real answers.
/// </summary>
public sealed partial class DocumentedResponses : DelegatingHandler
{
    private static readonly ConcurrentDictionary<string, Task<OpenApiDocumentModel>> Documents = new(StringComparer.Ordinal);
    private readonly string _baseUrl;

    /// <summary>Checks answers from the service at <paramref name="baseUrl"/>.</summary>
    public DocumentedResponses(string baseUrl, HttpMessageHandler? inner = null)
        : base(inner ?? new HttpClientHandler())
    {
        _baseUrl = baseUrl.TrimEnd('/');
    }

    /// <summary>Set to false around requests whose answers are meant to be outside the contract (none today).</summary>
    public static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("DYNMOD_CHECK_RESPONSES") != "0";

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (Enabled && request.RequestUri is { } uri && !IsStreaming(response) && !RefusedByTheWebServer(uri))
        {
            var document = await Documents.GetOrAdd(_baseUrl, LoadAsync);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var problem = document.Check(request.Method.Method, uri.AbsolutePath, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
            if (problem is not null)
            {
                throw new InvalidOperationException($"{request.Method} {uri.PathAndQuery} answered {(int)response.StatusCode}, which the OpenAPI document does not describe: {problem}\nBody: {Shorten(body)}");
            }
        }

        return response;
    }

    // Kestrel refuses a control character in the path before any route is chosen, so no operation answers it; the
    // refusal's body is the service's (Errors/RefusalBodyConnection) and is tested on its own.
    private static bool RefusedByTheWebServer(Uri uri) => ControlInPath().IsMatch(uri.AbsolutePath);

    private static bool IsStreaming(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "text/event-stream";

    private static string Shorten(string body) => body.Length > 600 ? body[..600] + "…" : body;

    private static async Task<OpenApiDocumentModel> LoadAsync(string baseUrl)
    {
        using var client = new HttpClient();
        var text = await client.GetStringAsync(baseUrl + "/openapi/v1.json");
        return new OpenApiDocumentModel(JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>The parts of the document the check needs: path templates, responses and schemas.</summary>
    public sealed class OpenApiDocumentModel
    {
        private readonly List<(Regex Pattern, string Template, JsonObject Operations)> _paths = [];
        // Component schemas live in one base document; response schemas refer to it by absolute URI.
        private const string DefinitionsUri = "https://dynamic-modules.test/openapi/components";
        private readonly BuildOptions _build = new() { SchemaRegistry = new SchemaRegistry() };
        private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
        private readonly Lock _building = new();
        private int _built;

        /// <summary>Reads <paramref name="document"/>.</summary>
        public OpenApiDocumentModel(JsonObject document)
        {
            ArgumentNullException.ThrowIfNull(document);
            foreach (var (template, operations) in document["paths"]!.AsObject())
            {
                var pattern = "^" + PathParameter().Replace(Regex.Escape(template).Replace("\\{", "{", StringComparison.Ordinal), "[^/]+") + "$";
                _paths.Add((new Regex(pattern, RegexOptions.CultureInvariant), template, operations!.AsObject()));
            }

            var definitions = document["components"]?["schemas"]?.DeepClone().AsObject() ?? [];
            Rewrite(definitions);
            JsonSchema.FromText(new JsonObject { ["$id"] = DefinitionsUri, ["$defs"] = definitions }.ToJsonString(), _build);
        }

        /// <summary>Why the answer does not match the document, or null when it does (or the path is not an API path).</summary>
        public string? Check(string method, string path, int status, string? mediaType, string body)
        {
            var match = _paths.FirstOrDefault(entry => entry.Pattern.IsMatch(path));
            if (match.Operations is null)
            {
                return null;
            }

            if (match.Operations[method.ToLowerInvariant()] is not JsonObject operation)
            {
                return status == (int)HttpStatusCode.MethodNotAllowed ? null : $"{method} {match.Template} is not in the document";
            }

            var responses = operation["responses"]?.AsObject();
            var response = responses?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses?["default"];
            if (response is null)
            {
                return $"status {status} is not documented for {method} {match.Template} (documented: {string.Join(", ", responses?.Select(r => r.Key) ?? [])})";
            }

            var content = response["content"]?.AsObject();
            if (content is null || content.Count == 0)
            {
                return body.Length == 0 ? null : $"status {status} of {method} {match.Template} is documented without a body, but one was sent";
            }

            // Documented media types may carry parameters ("text/plain; version=0.0.4"); the answer's is compared without.
            var media = mediaType is null ? null
                : content.FirstOrDefault(entry => string.Equals(entry.Key.Split(';')[0].Trim(), mediaType, StringComparison.OrdinalIgnoreCase)).Value as JsonObject;
            if (media is null)
            {
                return $"the media type '{mediaType}' is not documented for {status} of {method} {match.Template} (documented: {string.Join(", ", content.Select(c => c.Key))})";
            }

            if (!mediaType!.Contains("json", StringComparison.Ordinal) || media["schema"] is not JsonNode schemaNode)
            {
                return null;
            }

            var schema = _schemas.GetOrAdd(schemaNode.ToJsonString(), _ => Build(schemaNode));
            using var instance = JsonDocument.Parse(body);
            var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (result.IsValid)
            {
                return null;
            }

            var errors = (result.Details ?? []).Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}"))
                .Take(8);
            return "the body does not match the documented schema: " + string.Join("; ", errors);
        }

        // Each response schema is wrapped in a resource of its own: the library shares identical subschemas, and a
        // response schema identical to a component would otherwise be registered twice.
        private JsonSchema Build(JsonNode schema)
        {
            lock (_building)
            {
                var inner = schema.DeepClone();
                Rewrite(inner);
                var root = new JsonObject { ["$id"] = $"https://dynamic-modules.test/openapi/responses/{++_built}", ["allOf"] = new JsonArray(inner) };
                return JsonSchema.FromText(root.ToJsonString(), _build);
            }
        }

        // Component references become references into the definitions document.
        private static void Rewrite(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target)
                        && target.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        obj["$ref"] = DefinitionsUri + "#/$defs/" + target["#/components/schemas/".Length..];
                    }

                    foreach (var (_, child) in obj.ToList())
                    {
                        Rewrite(child);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Rewrite(child);
                    }

                    break;
            }
        }
    }

    [GeneratedRegex(@"\{[^}/]+\}", RegexOptions.CultureInvariant)]
    private static partial Regex PathParameter();

    [GeneratedRegex("%(?:[01][0-9A-Fa-f]|7[Ff])", RegexOptions.CultureInvariant)]
    private static partial Regex ControlInPath();
}
