using System.Net.Http.Headers;
using System.Text;
using DynamicModules.Apps;
using DynamicModules.Delivery;
using DynamicModules.Installations;
using DynamicModules.Tenants;
using Microsoft.Extensions.Options;

namespace DynamicModules.ForgeRemote;

/// <summary>
/// The host's <c>invokeRemote</c>: calls an endpoint of an enabled installation with the Forge Remote contract's headers,
/// waits at most <see cref="ForgeRemoteOptions.InvokeTimeout"/> on the service clock and reads at most
/// <see cref="ForgeRemoteOptions.MaxInvokeResponseBytes"/> of the answer.
/// </summary>
public sealed class ForgeRemoteInvoker(
    IHttpClientFactory httpClientFactory, InstallationStore installations, AppDescriptorCache descriptors, ForgeRemoteCalls calls,
    IOptions<ForgeRemoteOptions> options, TimeProvider time)
{
    /// <summary>The named HttpClient invocations use (no redirects: a redirect could leave the remote).</summary>
    public const string HttpClientName = "forge-invocations";

    /// <summary>Invokes <paramref name="call"/> on the app <paramref name="appKey"/> of <paramref name="tenant"/>.</summary>
    public async Task<InvokeOutcome> InvokeAsync(Tenant tenant, string appKey, InvokeCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(call);
        var installation = await installations.FindAsync(tenant.Id, appKey, cancellationToken);
        if (installation is not { IsEnabled: true })
        {
            return new InvokeOutcome.UnknownApp(installation is null
                ? $"No app '{appKey}' in tenant '{tenant.Key}'."
                : $"The app '{appKey}' is {installation.State} in tenant '{tenant.Key}'; only enabled apps are invoked.");
        }

        var descriptor = descriptors.DescriptorOf(installation);
        if (!descriptor.Endpoints.TryGetValue(call.Endpoint, out var endpoint))
        {
            return new InvokeOutcome.UnknownEndpoint($"The app '{appKey}' declares no endpoint '{call.Endpoint}'.");
        }

        var remoteBase = descriptor.RemoteBaseUrl(endpoint);
        var url = descriptor.EndpointUrl(endpoint).TrimEnd('/') + call.Path;
        if (!DeliveryTarget.IsUnderBaseUrl(url, remoteBase))
        {
            return new InvokeOutcome.Refused("path", $"The path leads to '{url}', which is not under the remote's base URL {remoteBase}.");
        }

        using var request = new HttpRequestMessage(new HttpMethod(call.Method), url);
        if (call.Payload is not null)
        {
            request.Content = new StringContent(call.Payload, Encoding.UTF8, "application/json");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        await calls.ApplyAsync(request, tenant, installation.AppKey, installation.DescriptorVersion, descriptor, endpoint,
            ForgeRemoteCalls.EndpointModule, endpoint.Key, call.AccountId, cancellationToken);
        return await SendAsync(request, url, cancellationToken);
    }

    private async Task<InvokeOutcome> SendAsync(HttpRequestMessage request, string url, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var deadline = new CancellationTokenSource(settings.InvokeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await httpClientFactory.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.Content.Headers.ContentLength > settings.MaxInvokeResponseBytes)
            {
                return TooLarge(url, settings);
            }

            var body = await ReadBoundedAsync(response.Content, settings.MaxInvokeResponseBytes, linked.Token);
            return body is null
                ? TooLarge(url, settings)
                : new InvokeOutcome.Answered((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new InvokeOutcome.TimedOut($"{url} did not answer within {settings.InvokeTimeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException exception)
        {
            return new InvokeOutcome.NoAnswer($"{url} could not be reached: {exception.Message}");
        }
    }

    private static InvokeOutcome.NoAnswer TooLarge(string url, ForgeRemoteOptions settings) =>
        new($"{url} answered with more than {settings.MaxInvokeResponseBytes} bytes, the limit of an invoke's answer.");

    // Null when the body is longer than the limit; only limit + 1 bytes are ever read.
    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
