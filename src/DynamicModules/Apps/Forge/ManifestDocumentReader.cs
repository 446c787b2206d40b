using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DynamicModules.Apps.Forge;

/// <summary>
/// Turns the text of a Forge <c>manifest.yml</c> (YAML, or JSON, which is read by <see cref="StrictJson"/>) into a
/// JSON object, refusing with the path of the first problem anything a manifest has no use for and an attacker
/// would: more than <see cref="MaxChars"/> characters, nesting deeper than <see cref="MaxDepth"/>, more than
/// <see cref="MaxNodes"/> nodes, anchors and aliases (so no "billion laughs" expansion), tags, keys that are not
/// strings, duplicate keys, several documents, and lone surrogates.
/// </summary>
/// <remarks>
/// Only YamlDotNet's event parser is used, never its representation model or deserializer: the events are read one
/// at a time into JSON nodes with an explicit stack, so every limit is checked before the work it would bound is done
/// and no input recurses. Plain scalars follow the YAML 1.2 core schema (null, booleans, integers, floats), so the
/// manifest means what it would mean to Forge's own YAML reader.
/// </remarks>
public static class ManifestDocumentReader
{
    /// <summary>Longest manifest text accepted (1 Mi characters; the request body limit is 1 MiB too).</summary>
    public const int MaxChars = 1 << 20;

    /// <summary>Deepest nesting of mappings and sequences accepted, as for JSON documents.</summary>
    public const int MaxDepth = StrictJson.MaxDepth;

    /// <summary>Most nodes (mappings, sequences and scalars, keys included) accepted.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Reads <paramref name="text"/>; either the manifest object or the first problem.</summary>
    public static (JsonObject? Manifest, JsonProblem? Problem) Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxChars)
        {
            return (null, new JsonProblem(StrictJson.RootPath, $"The manifest is {text.Length} characters long; the limit is {MaxChars}."));
        }

        var start = text.AsSpan().TrimStart("\uFEFF \t\r\n");
        if (start.IsEmpty)
        {
            return (null, new JsonProblem(StrictJson.RootPath, "The manifest is empty."));
        }

        return start[0] == '{' ? ReadJson(text) : ReadYaml(text);
    }

    private static (JsonObject?, JsonProblem?) ReadJson(string text)
    {
        if (FindLoneSurrogate(text) is { } index)
        {
            return (null, new JsonProblem(StrictJson.RootPath, $"The manifest holds a lone surrogate (UTF-16 unit {index}); it must be valid Unicode text."));
        }

        var (node, problem) = StrictJson.Parse(Encoding.UTF8.GetBytes(text));
        return problem is not null ? (null, problem)
            : node is JsonObject manifest ? (manifest, null)
            : (null, new JsonProblem(StrictJson.RootPath, "The manifest must be an object (a mapping of sections such as app and modules)."));
    }

    private static (JsonObject?, JsonProblem?) ReadYaml(string text)
    {
        if (FindLoneSurrogate(text) is { } index)
        {
            return (null, new JsonProblem(StrictJson.RootPath, $"The manifest holds a lone surrogate (UTF-16 unit {index}); it must be valid Unicode text."));
        }

        var builder = new Builder();
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                if (builder.Accept(parser.Current!) is { } problem)
                {
                    return (null, problem);
                }
            }
        }
        catch (YamlException exception)
        {
            return (null, new JsonProblem(builder.CurrentPath, $"Not valid YAML at line {exception.Start.Line}, column {exception.Start.Column}: {Describe(exception)}"));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some malformed plain scalars inside flow mappings (found by
            // ManifestDocumentReaderTests.RandomTextsNeverThrow): malformed input all the same, so a 4xx, never a 500.
            return (null, new JsonProblem(builder.CurrentPath, "Not valid YAML: a plain value could not be read (look for unbalanced brackets, braces or quotes)."));
        }
        catch (ArgumentException)
        {
            // The parser builds a tag's name through a constructor that throws on a name that is not a valid URI
            // ("!!@,7[" found by ManifestDocumentReaderTests.RandomTextsNeverThrow): a malformed tag, so a 4xx.
            return (null, new JsonProblem(builder.CurrentPath, "Not valid YAML: a tag (a value starting with !) is not a valid URI."));
        }

        return builder.Root switch
        {
            JsonObject manifest => (manifest, null),
            null => (null, new JsonProblem(StrictJson.RootPath, "The manifest is empty (or null).")),
            _ => (null, new JsonProblem(StrictJson.RootPath, "The manifest must be a mapping of sections such as app and modules.")),
        };
    }

    // YamlDotNet's messages start with the position it also reports separately; keep only what was wrong.
    private static string Describe(YamlException exception)
    {
        var message = exception.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && cut > 0 ? message[(cut + 3)..] : message;
    }

    private static int? FindLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Builds JSON nodes from parsing events with an explicit stack of open mappings and sequences.</summary>
    private sealed class Builder
    {
        private readonly Stack<Frame> _frames = new();
        private int _nodes;
        private int _documents;

        public JsonNode? Root { get; private set; }

        public string CurrentPath => _frames.Count == 0 ? StrictJson.RootPath : _frames.Peek().ChildPath();

        public JsonProblem? Accept(ParsingEvent parsingEvent)
        {
            switch (parsingEvent)
            {
                case StreamStart or StreamEnd or DocumentEnd or Comment:
                    return null;
                case DocumentStart:
                    return ++_documents > 1
                        ? Problem(StrictJson.RootPath, parsingEvent, "The manifest must be one YAML document; it holds more than one.")
                        : null;
                case AnchorAlias:
                    return Problem(CurrentPath, parsingEvent, "YAML aliases (*name) are not accepted in a manifest; write the value out.");
                case NodeEvent node when !node.Anchor.IsEmpty:
                    return Problem(CurrentPath, parsingEvent, "YAML anchors (&name) are not accepted in a manifest.");
                case NodeEvent node when !node.Tag.IsEmpty && !node.Tag.IsNonSpecific:
                    return Problem(CurrentPath, parsingEvent, $"YAML tags ({node.Tag}) are not accepted in a manifest.");
                case MappingEnd or SequenceEnd:
                    var done = _frames.Pop();
                    return Place(done.Node, parsingEvent);
                case MappingStart or SequenceStart:
                    if (++_nodes > MaxNodes)
                    {
                        return Problem(CurrentPath, parsingEvent, $"The manifest has more than {MaxNodes} nodes.");
                    }

                    if (_frames.Count >= MaxDepth)
                    {
                        return Problem(CurrentPath, parsingEvent, $"The manifest nests deeper than {MaxDepth} levels.");
                    }

                    if (_frames.TryPeek(out var parent) && parent.ExpectsKey)
                    {
                        return Problem(parent.Path, parsingEvent, "Mapping keys must be strings, not mappings or sequences.");
                    }

                    var path = CurrentPath;
                    _frames.Push(parsingEvent is MappingStart ? new Frame(path, new JsonObject()) : new Frame(path, new JsonArray()));
                    return null;
                case Scalar scalar:
                    if (++_nodes > MaxNodes)
                    {
                        return Problem(CurrentPath, parsingEvent, $"The manifest has more than {MaxNodes} nodes.");
                    }

                    // Escapes such as "\ud800" in a double-quoted scalar make lone surrogates the text itself did not hold.
                    if (FindLoneSurrogate(scalar.Value) is not null)
                    {
                        return Problem(CurrentPath, parsingEvent, "The value holds a lone surrogate (an escape such as \\ud800); it must be valid Unicode text.");
                    }

                    if (_frames.TryPeek(out var owner) && owner.ExpectsKey)
                    {
                        return owner.TakeKey(scalar);
                    }

                    var (value, problem) = ScalarValue(scalar);
                    return problem is not null ? Problem(CurrentPath, parsingEvent, problem) : Place(value, parsingEvent);
                default:
                    return Problem(CurrentPath, parsingEvent, $"Unexpected YAML element {parsingEvent.GetType().Name}.");
            }
        }

        private JsonProblem? Place(JsonNode? value, ParsingEvent parsingEvent)
        {
            if (_frames.Count == 0)
            {
                Root = value;
                return null;
            }

            return _frames.Peek().Add(value, parsingEvent);
        }

        private static (JsonNode? Value, string? Problem) ScalarValue(Scalar scalar)
        {
            if (scalar.Style != ScalarStyle.Plain || scalar.Tag.IsNonSpecific)
            {
                return (JsonValue.Create(scalar.Value), null);
            }

            var text = scalar.Value;
            switch (text)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    return (null, null);
                case "true" or "True" or "TRUE":
                    return (JsonValue.Create(true), null);
                case "false" or "False" or "FALSE":
                    return (JsonValue.Create(false), null);
                case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN":
                    return (null, $"'{text}' is not a finite number; a manifest holds only JSON values (quote it to make it a string).");
            }

            return CoreSchema.Number(text) switch
            {
                { } number when double.IsFinite(number) => (number % 1 == 0 && Math.Abs(number) < 1e15
                    ? JsonValue.Create((long)number) : JsonValue.Create(number), null),
                { } => (null, $"'{text}' is out of range; a manifest holds only JSON numbers (quote it to make it a string)."),
                null => (JsonValue.Create(text), null),
            };
        }

        private static JsonProblem Problem(string path, ParsingEvent at, string message) =>
            new(path, $"{message} (line {at.Start.Line}, column {at.Start.Column})");
    }

    private sealed class Frame(string path, JsonNode node)
    {
        private string? _pendingKey;

        public string Path { get; } = path;

        public JsonNode Node { get; } = node;

        public bool ExpectsKey => Node is JsonObject && _pendingKey is null;

        public string ChildPath() => Node switch
        {
            JsonObject when _pendingKey is not null => StrictJson.Member(Path, _pendingKey),
            JsonArray array => $"{Path}[{array.Count}]",
            _ => Path,
        };

        public JsonProblem? TakeKey(Scalar key)
        {
            var obj = (JsonObject)Node;
            // The core schema makes plain 1, true or null keys numbers, booleans or null; JSON objects need strings.
            if (key.Style == ScalarStyle.Plain && !key.Tag.IsNonSpecific && CoreSchema.IsNonString(key.Value))
            {
                return new JsonProblem(Path, $"Mapping key '{key.Value}' is not a string; quote it (line {key.Start.Line}, column {key.Start.Column}).");
            }

            if (obj.ContainsKey(key.Value))
            {
                return new JsonProblem(StrictJson.Member(Path, key.Value),
                    $"Duplicate key '{key.Value}' (line {key.Start.Line}, column {key.Start.Column}).");
            }

            _pendingKey = key.Value;
            return null;
        }

        public JsonProblem? Add(JsonNode? value, ParsingEvent at)
        {
            switch (Node)
            {
                case JsonObject obj:
                    obj[_pendingKey!] = value;
                    _pendingKey = null;
                    return null;
                case JsonArray array:
                    array.Add(value);
                    return null;
                default:
                    return new JsonProblem(Path, $"Unexpected value (line {at.Start.Line}, column {at.Start.Column}).");
            }
        }
    }
}
