using System.Diagnostics;
using System.Net.Http.Headers;

namespace DynamicModules.ForgeRemote;

/// <summary>
/// Puts the Forge Remote contract's headers on a request to a remote: <c>Authorization: Bearer &lt;FIT&gt;</c>,
/// <c>x-forge-oauth-system</c> when the endpoint asks for the app system token, <c>x-forge-oauth-user</c> when it asks
/// for the app user token and a user acts, and the B3 trace headers (the current trace when there is one).
/// </summary>
public sealed class ForgeRemoteHeaders(ForgeInvocationTokens invocationTokens, ForgeAppTokens appTokens)
{
    /// <summary>The app system token header.</summary>
    public const string SystemTokenHeader = "x-forge-oauth-system";

    /// <summary>The app user token header.</summary>
    public const string UserTokenHeader = "x-forge-oauth-user";

    /// <summary>Adds the headers for <paramref name="invocation"/> to <paramref name="request"/>.</summary>
    public async Task ApplyAsync(HttpRequestMessage request, ForgeInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(invocation);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await invocationTokens.MintAsync(invocation, cancellationToken));
        if (invocation.SendSystemToken)
        {
            request.Headers.Add(SystemTokenHeader, await appTokens.MintAsync(invocation, null, cancellationToken));
        }

        if (invocation.SendUserToken && invocation.AccountId is { } accountId)
        {
            request.Headers.Add(UserTokenHeader, await appTokens.MintAsync(invocation, accountId, cancellationToken));
        }

        request.Headers.Add("x-b3-traceid", TraceId(request));
        request.Headers.Add("x-b3-spanid", ActivitySpanId.CreateRandom().ToHexString());
    }

    // The b3 trace id names the same trace as the request's traceparent: the current span's, or, when nothing traces in
    // this process, the publish request's that the delivery carries on; a new one only when neither exists.
    private static string TraceId(HttpRequestMessage request)
    {
        if (Activity.Current is { } activity)
        {
            return activity.TraceId.ToHexString();
        }

        return request.Headers.TryGetValues("traceparent", out var values)
            && ActivityContext.TryParse(values.First(), null, out var parent)
            ? parent.TraceId.ToHexString()
            : ActivityTraceId.CreateRandom().ToHexString();
    }
}
