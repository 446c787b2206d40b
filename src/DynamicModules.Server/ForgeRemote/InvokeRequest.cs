using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DynamicModules.ForgeRemote;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.ForgeRemote;

/// <summary>Body of <c>POST /api/v1/tenants/{tenant}/apps/{appKey}/invoke</c>, the host's <c>invokeRemote</c>.</summary>
/// <param name="Endpoint">The key of one of the app's <c>modules.endpoint</c> entries.</param>
public sealed record InvokeRequest(string? Endpoint) : IJsonRequest<InvokeRequest>
{
    /// <summary>The methods a remote can be invoked with (Forge Remote's).</summary>
    public static readonly IReadOnlyList<string> Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Longest path.</summary>
    public const int MaxPathLength = 2000;

    /// <summary>Longest endpoint key or account id.</summary>
    public const int MaxNameLength = 200;

    private string? payloadJson;

    /// <summary>The HTTP method; POST when absent.</summary>
    public string? Method { get; init; }

    /// <summary>The path under the endpoint's route, starting with <c>/</c> (a query may follow); the route itself when absent.</summary>
    public string? Path { get; init; }

    /// <summary>The body sent to the remote, any JSON value; none when absent.</summary>
    public JsonNode? Payload { get; init; }

    /// <summary>The user on whose behalf the host invokes: the FIT's <c>principal</c> and the app user token's user.</summary>
    public InvokePrincipalRequest? Principal { get; init; }

    /// <inheritdoc />
    public static JsonTypeInfo<InvokeRequest> JsonType => ForgeRemoteJson.Default.InvokeRequest;

    /// <summary>The payload's JSON text, or null.</summary>
    public string? PayloadJson => Payload is null ? null : payloadJson ??= Payload.ToJsonString();

    /// <summary>The payload's size, to check against the configured limit.</summary>
    public int PayloadBytes => PayloadJson is { } json ? Encoding.UTF8.GetByteCount(json) : 0;

    /// <inheritdoc />
    public IEnumerable<RequestError> Validate()
    {
        if (string.IsNullOrEmpty(Endpoint))
        {
            yield return new("endpoint", "endpoint is required: the key of one of the app's modules.endpoint entries.");
        }
        else if (Endpoint.Length > MaxNameLength || Endpoint.Any(char.IsControl))
        {
            yield return new("endpoint", $"endpoint must be at most {MaxNameLength} characters without control characters.");
        }

        if (Method is not null && !Methods.Contains(Method, StringComparer.Ordinal))
        {
            yield return new("method", $"method must be one of {string.Join(", ", Methods)}.");
        }

        if (Path is not null && PathProblem(Path) is { } problem)
        {
            yield return new("path", problem);
        }

        if (Principal is not null && (string.IsNullOrEmpty(Principal.AccountId) || Principal.AccountId.Length > MaxNameLength
            || Principal.AccountId.Any(char.IsControl)))
        {
            yield return new("principal.accountId", $"principal.accountId is required: 1-{MaxNameLength} characters without control characters.");
        }
    }

    /// <summary>The call to make; only after <see cref="Validate"/> found nothing.</summary>
    public InvokeCall ToCall() => new(Endpoint!, Method ?? "POST", Path ?? "", PayloadJson, Principal?.AccountId);

    // The path is appended to the route as it is, so it may not climb out of it or smuggle another host or a fragment.
    private static string? PathProblem(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        if (path.Length > MaxPathLength)
        {
            return $"path must be at most {MaxPathLength} characters.";
        }

        if (path[0] != '/' || path.StartsWith("//", StringComparison.Ordinal))
        {
            return "path must start with a single '/' (it is appended to the endpoint's route).";
        }

        var pathPart = path.Split('?', 2)[0];
        if (path.Any(c => char.IsControl(c) || c is ' ' or '#' or '\\')
            || pathPart.Split('/').Any(segment => segment is "." or ".." || segment.Contains('%', StringComparison.Ordinal) && IsEncodedDot(segment)))
        {
            return "path must not contain dot segments, spaces, control characters, '#' or '\\'.";
        }

        return null;
    }

    private static bool IsEncodedDot(string segment) =>
        Uri.UnescapeDataString(segment) is "." or "..";
}

/// <summary>The <c>principal</c> member of <see cref="InvokeRequest"/>.</summary>
/// <param name="AccountId">The acting user's account id.</param>
public sealed record InvokePrincipalRequest(string? AccountId);
