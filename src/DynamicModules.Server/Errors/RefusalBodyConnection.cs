using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using DynamicModules.Server.Requests;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace DynamicModules.Server.Errors;

/// <summary>
/// Gives the refusals Kestrel writes itself (414, 431, 400 for a malformed request line or a %00 in the path,
/// 408, 505) the service's error body. Kestrel answers those before any middleware runs and offers no hook
/// to change the answer, so this sits on the connection: while the application is not handling a request,
/// whatever Kestrel writes is a refusal, and its empty body is replaced by problem+json with a <c>detail</c>
/// (and a <c>message</c>, since the app dialects' clients read that). While the application runs, bytes
/// pass straight through.
/// </summary>
public sealed class RefusalBodyConnection(ConnectionDelegate next, RefusalDetails details)
{
    private static readonly object ItemKey = new();

    /// <summary>Wraps the connection's output; added to every listen endpoint.</summary>
    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var writer = new RefusalRewritingWriter(connection.Transport.Output, details);
        connection.Items[ItemKey] = writer;
        var original = connection.Transport;
        connection.Transport = new DuplexPipe(original.Input, writer);
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = original;
        }
    }

    /// <summary>The first middleware: marks the connection busy with an application request until its response completed.</summary>
    public static async Task MarkApplicationRequestAsync(HttpContext context, RequestDelegate nextMiddleware)
    {
        if (context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var item) == true
            && item is RefusalRewritingWriter writer)
        {
            writer.ApplicationActive = true;
            context.Response.OnCompleted(() =>
            {
                writer.ApplicationActive = false;
                return Task.CompletedTask;
            });
        }

        await nextMiddleware(context);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>Passes writes through while the application runs; otherwise holds them until flush and rewrites a bare refusal.</summary>
    private sealed class RefusalRewritingWriter(PipeWriter inner, RefusalDetails details) : PipeWriter
    {
        private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
        private readonly ArrayBufferWriter<byte> _held = new();
        private volatile bool _applicationActive;

        public bool ApplicationActive
        {
            get => _applicationActive;
            set => _applicationActive = value;
        }

        private bool Holding => !_applicationActive || _held.WrittenCount > 0;

        public override void Advance(int bytes)
        {
            if (Holding)
            {
                _held.Advance(bytes);
            }
            else
            {
                inner.Advance(bytes);
            }
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => Holding ? _held.GetMemory(Math.Max(sizeHint, 256)) : inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => Holding ? _held.GetSpan(Math.Max(sizeHint, 256)) : inner.GetSpan(sizeHint);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes + _held.WrittenCount;

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            Release();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            Release();
            await inner.CompleteAsync(exception);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Release();
            return inner.FlushAsync(cancellationToken);
        }

        private void Release()
        {
            if (_held.WrittenCount == 0)
            {
                return;
            }

            var bytes = _held.WrittenSpan;
            var replacement = Rewrite(bytes);
            inner.Write(replacement ?? bytes);
            _held.ResetWrittenCount();
        }

        // A refusal is a whole HTTP/1.x response head with status >= 400 and an empty body; anything else
        // (HTTP/2 frames, TLS records) goes out unchanged.
        private byte[]? Rewrite(ReadOnlySpan<byte> bytes)
        {
            var headLength = bytes.IndexOf(HeadEnd);
            if (headLength < 0 || headLength + HeadEnd.Length != bytes.Length || !bytes.StartsWith("HTTP/1."u8))
            {
                return null;
            }

            var lines = Encoding.ASCII.GetString(bytes[..headLength]).Split("\r\n");
            var statusLine = lines[0].Split(' ', 3);
            if (statusLine.Length < 2 || !int.TryParse(statusLine[1], out var status) || status < 400
                || !lines.Any(line => line.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }

            var detail = details.For(status);
            var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
            {
                ["type"] = ProblemTypes.BadRequest,
                ["title"] = statusLine.Length > 2 ? statusLine[2] : "Request refused",
                ["status"] = status,
                ["detail"] = detail,
                ["message"] = detail,
            });
            var head = new StringBuilder();
            foreach (var line in lines.Where(line => !line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
            {
                head.Append(line).Append("\r\n");
            }

            head.Append("Content-Type: application/problem+json\r\n")
                .Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n");
            return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
        }
    }
}
