namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>One Server-Sent Event as received.</summary>
public sealed record ServerSentEvent(string? Id, string? Event, string Data);

/// <summary>Reads a <c>text/event-stream</c> body event by event, keeping the comments it skipped.</summary>
public sealed class ServerSentEventReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream);

    /// <summary>Comment lines seen so far (without the leading colon).</summary>
    public List<string> Comments { get; } = [];

    /// <summary>The next event; throws when none arrives within <paramref name="timeout"/>.</summary>
    public async Task<ServerSentEvent> NextAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        string? id = null, type = null;
        var data = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellation.Token) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (data.Count > 0 || id is not null || type is not null)
                {
                    return new ServerSentEvent(id, type, string.Join('\n', data));
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                Comments.Add(line[1..].Trim());
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data.Add(value); break;
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}
