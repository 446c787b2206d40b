using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamicModules.Json;

/// <summary>
/// The one way the service turns JSON it did not write (request bodies, descriptors, translations) into a
/// <see cref="JsonNode"/>. A document is refused, with the path of the first problem, when it is not JSON,
/// nests deeper than <see cref="MaxDepth"/>, repeats a property name in one object, or holds a string
/// that is not valid UTF-16 (a lone surrogate escape such as <c>"\ud800"</c>). Every string of an
/// accepted document can therefore be read without throwing, and every object has unique names.
/// </summary>
public static class StrictJson
{
    /// <summary>The path that names the document itself.</summary>
    public const string RootPath = "$";

    /// <summary>Deepest nesting of objects and arrays accepted; descriptors and module batches need far less.</summary>
    public const int MaxDepth = 64;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Parses <paramref name="utf8"/>; either the node (null for the literal <c>null</c>) or the problem.</summary>
    public static (JsonNode? Node, JsonProblem? Problem) Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(Utf8Bom))
        {
            utf8 = utf8[Utf8Bom.Length..];
        }

        if (utf8.IsEmpty)
        {
            return (null, new JsonProblem(RootPath, "The document is empty; a JSON document is required."));
        }

        if (FindProblem(utf8) is { } problem)
        {
            return (null, problem);
        }

        // The scan above proved the document well-formed, unique-named and decodable, so this cannot throw.
        return (JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth + 1 }), null);
    }

    private static JsonProblem? FindProblem(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        var frames = new Stack<Frame>();
        var path = RootPath;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var frame = frames.Peek();
                        if (!TryReadString(ref reader, out var name))
                        {
                            return new JsonProblem(Member(frame.Path, Encoding.UTF8.GetString(reader.ValueSpan)),
                                "This property name is not valid UTF-16 (it holds a lone surrogate escape such as \\ud800).");
                        }

                        path = Member(frame.Path, name);
                        if (!frame.Names!.Add(name))
                        {
                            return new JsonProblem(path, $"The property '{name}' appears more than once in the same object.");
                        }

                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path = NextValuePath(frames, path);
                        if (frames.Count >= MaxDepth)
                        {
                            return new JsonProblem(path, $"The document nests objects and arrays deeper than {MaxDepth} levels.");
                        }

                        frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.Pop();
                        break;
                    case JsonTokenType.String:
                        path = NextValuePath(frames, path);
                        if (!TryReadString(ref reader, out _))
                        {
                            return new JsonProblem(path, "This string is not valid UTF-16 (it holds a lone surrogate escape such as \\ud800).");
                        }

                        break;
                    default:
                        path = NextValuePath(frames, path);
                        break;
                }
            }

            return null;
        }
        catch (JsonException exception)
        {
            return new JsonProblem(path,
                $"The document is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).");
        }
    }

    // Only escaped strings can fail: the reader has already checked raw UTF-8, but "\ud800" is well-formed
    // JSON that decodes to no valid UTF-16.
    private static bool TryReadString(ref Utf8JsonReader reader, out string text)
    {
        text = string.Empty;
        if (!reader.ValueIsEscaped)
        {
            text = reader.GetString()!;
            return true;
        }

        try
        {
            text = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // Array elements get their index; object members already set the path from their name.
    private static string NextValuePath(Stack<Frame> frames, string path)
    {
        if (frames.Count == 0 || frames.Peek().Names is not null)
        {
            return frames.Count == 0 ? RootPath : path;
        }

        var array = frames.Peek();
        return $"{array.Path}[{array.NextIndex++}]";
    }

    /// <summary>The path of member <paramref name="name"/> under <paramref name="parent"/>; names that are not plain words are bracketed.</summary>
    public static string Member(string parent, string name)
    {
        var plain = name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$' or ':');
        var member = plain ? name : $"['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";
        return parent == RootPath ? member : plain ? $"{parent}.{member}" : parent + member;
    }

    private sealed class Frame(string path, HashSet<string>? names)
    {
        public string Path { get; } = path;

        public HashSet<string>? Names { get; } = names;

        public int NextIndex { get; set; }
    }
}
