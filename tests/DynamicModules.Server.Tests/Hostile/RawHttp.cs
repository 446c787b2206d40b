using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace DynamicModules.Server.Tests.Hostile;

/// <summary>Sends bytes no HttpClient would send (oversized lines, %00, garbage) and reads the raw answer.</summary>
public static class RawHttp
{
    /// <summary>The status and the JSON body of the answer to <paramref name="request"/>.</summary>
    public static async Task<(int Status, string ContentType, JsonObject? Body)> SendAsync(string baseUrl, byte[] request)
    {
        // Every refusal closes the connection, so reading to the end terminates.
        var text = await SendForTextAsync(baseUrl, request);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = text[..headEnd].Split("\r\n");
        var contentType = head.FirstOrDefault(line => line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?[13..].Trim() ?? "";
        var body = text[(headEnd + 4)..];
        return (int.Parse(head[0].Split(' ')[1]), contentType, body.Length == 0 ? null : JsonNode.Parse(body) as JsonObject);
    }

    /// <summary>Everything the server wrote until it closed the connection.</summary>
    public static async Task<string> SendForTextAsync(string baseUrl, byte[] request)
    {
        var uri = new Uri(baseUrl);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
