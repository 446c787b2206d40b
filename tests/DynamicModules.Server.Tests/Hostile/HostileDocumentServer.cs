using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DynamicModules.Server.Tests.Hostile;

/// <summary>
/// A broken app server on a loopback port: each path answers a descriptor fetch in one of the ways real
/// servers go wrong, written byte by byte so that nothing in between repairs it.
/// </summary>
public sealed class HostileDocumentServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;

    public HostileDocumentServer()
    {
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    public string BaseUrl { get; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var path = await ReadPathAsync(stream);
            try
            {
                await AnswerAsync(stream, path);
            }
            catch (IOException)
            {
                // The service hung up (size cap, deadline): that is the point of these answers.
            }
        }
    }

    private async Task AnswerAsync(NetworkStream stream, string path)
    {
        switch (path)
        {
            case "/early-close":
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"key\": ");
                break;
            case "/redirect":
                await WriteAsync(stream, "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest\r\nContent-Length: 0\r\n\r\n");
                break;
            case "/announced-huge":
                await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {50 << 20}\r\n\r\n{{");
                break;
            case "/endless":
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
                var chunk = Encoding.ASCII.GetBytes($"10000\r\n{new string(' ', 0x10000)}\r\n");
                while (!_stop.IsCancellationRequested)
                {
                    await stream.WriteAsync(chunk, _stop.Token);
                }

                break;
            case "/drip":
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
                await _released.Task;
                break;
            case "/not-utf8":
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n");
                // "{"k":"é..."}" in Latin-1 bytes, which are not UTF-8.
                await stream.WriteAsync(new byte[] { (byte)'{', (byte)'"', (byte)'k', (byte)'"', (byte)':', (byte)'"', 0xE9, 0xFF, 0xFE, (byte)'x', (byte)'"', (byte)'}' });
                break;
            case "/two-keys":
                var body = "{\"key\":\"a\",\"key\":\"b\",\"baseUrl\":\"http://127.0.0.1:1\"}";
                await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
                break;
            default:
                await WriteAsync(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                break;
        }
    }

    private static async Task<string> ReadPathAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
        {
            head.Append((char)buffer[0]);
        }

        var parts = head.ToString().Split(' ');
        return parts.Length > 1 ? parts[1] : "/";
    }

    private static Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
