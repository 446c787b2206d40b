using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DynamicModules.Server.Docs;

/// <summary>Names the document and declares the three ways to authenticate (DESIGN §4.1, §4.2).</summary>
public sealed class DocumentDescription : IOpenApiDocumentTransformer
{
    /// <summary>The operator key (or an admin link's token) as a bearer token.</summary>
    public const string OperatorKey = "operatorKey";

    /// <summary>An installed Connect app's JWT.</summary>
    public const string ConnectJwt = "connectJwt";

    /// <summary>A Forge app's system or user token from an invocation.</summary>
    public const string ForgeAppToken = "forgeAppToken";

    /// <inheritdoc />
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "Dynamic Modules API",
            Version = "v1",
            Description = "Apps installed into a tenant register modules at runtime (the Atlassian Connect and Forge dialects under "
                + "`/t/{tenant}`); the host product and its operators manage tenants, apps, events and deliveries under `/api/v1`. "
                + "Errors are RFC 9457 problem details with a `detail` (the app dialects answer `{message}` as Connect and Forge do).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [OperatorKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The operator key (printed at first start, saved in the data directory), or the token of an admin link for one tenant.",
            },
            [ConnectJwt] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Authorization",
                Description = "`JWT <token>`: HS256 with the installation's shared secret, `iss` = app key, `qsh` over the request (also accepted as `?jwt=`).",
            },
            [ForgeAppToken] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A Forge app's system token (`x-forge-oauth-system`) or user token (`x-forge-oauth-user`) from an invocation.",
            },
        };
        return Task.CompletedTask;
    }
}
