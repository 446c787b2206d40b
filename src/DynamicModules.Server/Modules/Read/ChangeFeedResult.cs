using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using DynamicModules.Changes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace DynamicModules.Server.Modules.Read;

/// <summary>
/// Streams a tenant's module changes as Server-Sent Events: first every recorded change after the cursor, then each
/// new one as it commits, until the client goes away. One event per change, each exactly once per connection:
/// <c>id</c> = version (so <c>Last-Event-ID</c> resumes), <c>event: module-change</c>, <c>data</c> =
/// <c>{version, appKey, operation, moduleKeys, time}</c>. Silence is broken by keep-alive comments.
/// </summary>
public sealed class ChangeFeedResult(long tenantId, long after, ModuleChangeLog changes, ModuleChangeSignal signal, ModuleReadOptions options)
    : IResult, IEndpointMetadataProvider
{
    private const int PageSize = 500;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var aborted = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-transform";
        // Reverse proxies (nginx) must pass events on as they come.
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var cursor = after;
        try
        {
            await WriteAsync(response, $"retry: 3000\n: changes of tenant after version {cursor}\n\n", aborted);
            var lastWrite = Environment.TickCount64;
            while (!aborted.IsCancellationRequested)
            {
                var wake = signal.Next(tenantId);
                var page = await changes.ListAfterAsync(tenantId, cursor, PageSize, aborted);
                if (page.Count > 0)
                {
                    var text = new StringBuilder();
                    foreach (var change in page)
                    {
                        AppendEvent(text, change);
                        cursor = change.Version;
                    }

                    await WriteAsync(response, text.ToString(), aborted);
                    lastWrite = Environment.TickCount64;
                    if (page.Count == PageSize)
                    {
                        continue;
                    }
                }

                var sinceWrite = TimeSpan.FromMilliseconds(Environment.TickCount64 - lastWrite);
                var untilKeepAlive = options.ChangeFeedKeepAlive - sinceWrite;
                if (untilKeepAlive <= TimeSpan.Zero)
                {
                    await WriteAsync(response, ": keep-alive\n\n", aborted);
                    lastWrite = Environment.TickCount64;
                    continue;
                }

                var wait = untilKeepAlive < options.ChangeFeedPollInterval ? untilKeepAlive : options.ChangeFeedPollInterval;
                await wake.WaitAsync(wait, aborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: the normal end of a feed.
        }
        catch (IOException) when (aborted.IsCancellationRequested)
        {
        }
    }

    private static void AppendEvent(StringBuilder text, ModuleChange change)
    {
        var data = JsonSerializer.Serialize(
            new ChangeEventData(change.Version, change.AppKey, change.Operation, change.ModuleKeys, change.Time), Json);
        text.Append(CultureInfo.InvariantCulture, $"id: {change.Version}\nevent: module-change\ndata: {data}\n\n");
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ChangeEventData), ["text/event-stream"]));
    }

    /// <summary>The <c>data</c> of a <c>module-change</c> event.</summary>
    /// <param name="Version">The tenant's module version after the change (also the event id).</param>
    /// <param name="AppKey">The app whose modules changed.</param>
    /// <param name="Operation">The audit operation, e.g. <c>module.register</c>, <c>app.disable</c>.</param>
    /// <param name="ModuleKeys">The module keys concerned (empty for whole-app changes).</param>
    /// <param name="Time">When it committed.</param>
    public sealed record ChangeEventData(long Version, string AppKey, string Operation, IReadOnlyList<string> ModuleKeys, DateTimeOffset Time);
}
