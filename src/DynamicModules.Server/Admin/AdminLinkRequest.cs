using System.Reflection;
using System.Text.Json.Serialization;
using DynamicModules.Server.Requests;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace DynamicModules.Server.Admin;

/// <summary>
/// Body of <c>POST /api/v1/tenants/{tenant}/admin-links</c>. The body is optional (a bare POST mints a link with the
/// default lifetime), so this binds like <see cref="IJsonRequest{TSelf}"/> except that a request without a body
/// gives the defaults instead of a 400.
/// </summary>
public sealed record AdminLinkRequest : IJsonRequest, IBindableFromHttpContext<AdminLinkRequest>, IEndpointParameterMetadataProvider
{
    /// <summary>Minutes until the link and any session opened with it stop working, 1-1440; 30 when left out.</summary>
    public int? LifetimeMinutes { get; init; }

    /// <summary>How long the link lives.</summary>
    [JsonIgnore]
    public TimeSpan Lifetime => LifetimeMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : AdminEndpoints.DefaultLinkLifetime;

    /// <inheritdoc />
    public IEnumerable<RequestError> Validate()
    {
        if (LifetimeMinutes is < 1 or > AdminEndpoints.MaxLinkLifetimeMinutes)
        {
            yield return new("lifetimeMinutes", $"lifetimeMinutes must be an integer from 1 to {AdminEndpoints.MaxLinkLifetimeMinutes}.");
        }
    }

    /// <summary>Reads the body through the strict reader when there is one; the defaults when there is none.</summary>
    public static async ValueTask<AdminLinkRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Content-Length: 0, or neither a length nor chunked encoding, means no body was sent.
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? context.Request.ContentLength is > 0;
        return hasBody ? await RequestBody.ReadAsync(context, AdminJson.Default.AdminLinkRequest) : new AdminLinkRequest();
    }

    /// <summary>Declares the optional JSON body and adds the validation filter.</summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(AdminLinkRequest), isOptional: true));
        RequestValidation.AddTo(builder);
    }
}
