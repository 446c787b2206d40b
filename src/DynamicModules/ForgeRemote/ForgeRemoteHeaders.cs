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

        var activity = Activity.Current;
        request.Headers.Add("x-b3-traceid", activity is null ? ActivityTraceId.CreateRandom().ToHexString() : activity.TraceId.ToHexString());
        request.Headers.Add("x-b3-spanid", ActivitySpanId.CreateRandom().ToHexString());
    }
}
