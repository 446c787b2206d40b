using System.Text.Json;

namespace DynamicModules.Filters.Jql;

/// <summary>
/// A JQL field and where its values live in a Jira webhook <c>issue</c> object. A field may have several values:
/// <c>project = X</c> matches the project's key, name or id, as Jira's own JQL accepts all three.
/// </summary>
internal sealed record JqlField(string Name, IReadOnlyList<string[]> Paths)
{
    private static readonly JqlField[] All =
    [
        new("project", [["fields", "project", "key"], ["fields", "project", "name"], ["fields", "project", "id"]]),
        new("issuetype", [["fields", "issuetype", "name"], ["fields", "issuetype", "id"]]),
        new("status", [["fields", "status", "name"], ["fields", "status", "id"]]),
        new("priority", [["fields", "priority", "name"], ["fields", "priority", "id"]]),
        new("assignee", [["fields", "assignee", "accountId"]]),
        new("reporter", [["fields", "reporter", "accountId"]]),
        new("labels", [["fields", "labels"]]),
        new("issuekey", [["key"], ["id"]]),
    ];

    // Jira's own aliases: "type" for issuetype, "key" and "id" for issuekey.
    private static readonly Dictionary<string, JqlField> ByName = All
        .Select(f => KeyValuePair.Create(f.Name, f))
        .Append(KeyValuePair.Create("type", All[1]))
        .Append(KeyValuePair.Create("key", All[7]))
        .Append(KeyValuePair.Create("id", All[7]))
        .ToDictionary(StringComparer.OrdinalIgnoreCase);

    public static JqlField? Find(string name) => ByName.GetValueOrDefault(name);

    public static string SupportedNames => string.Join(", ", All.Select(f => f.Name));

    /// <summary>Collects the field's values from <paramref name="issue"/>: strings, numbers as written, array items.</summary>
    public void CollectValues(JsonElement issue, List<string> values)
    {
        foreach (var path in Paths)
        {
            var current = issue;
            var found = true;
            foreach (var segment in path)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
                {
                    found = false;
                    break;
                }
            }

            if (!found)
            {
                continue;
            }

            AddTexts(current, values);
        }
    }

    /// <summary>Adds the texts JQL compares from a field's value: the value itself, or the items of an array.</summary>
    public static void AddTexts(JsonElement value, List<string> values)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                AddScalar(item, values);
            }
        }
        else
        {
            AddScalar(value, values);
        }
    }

    private static void AddScalar(JsonElement element, List<string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString()!;
                if (text.Length > 0)
                {
                    values.Add(text);
                }

                break;
            case JsonValueKind.Number:
                values.Add(element.GetRawText());
                break;
        }
    }
}
