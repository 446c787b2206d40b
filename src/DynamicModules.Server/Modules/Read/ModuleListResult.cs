using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DynamicModules.Server.Modules.Read;

/// <summary>
/// The answer of a module read: 200 with pre-serialised JSON, written from the cached bytes as they are (no serialiser
/// on the hot path), or 304 when the caller already holds this version. Both carry the <c>ETag</c>.
/// </summary>
public sealed class ModuleListResult : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    private readonly byte[]? body;
    private readonly string etag;

    /// <summary>A 200 with <paramref name="body"/>.</summary>
    public ModuleListResult(byte[] body, string etag)
    {
        this.body = body;
        this.etag = etag;
    }

    private ModuleListResult(string etag) => this.etag = etag;

    /// <inheritdoc />
    public int? StatusCode => body is null ? StatusCodes.Status304NotModified : StatusCodes.Status200OK;

    /// <inheritdoc />
    public string? ContentType => body is null ? null : "application/json; charset=utf-8";

    /// <summary>A 304 for a caller whose <c>If-None-Match</c> names <paramref name="etag"/>.</summary>
    public static ModuleListResult NotModified(string etag) => new(etag);

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.Headers.ETag = etag;
        // Clients may keep the answer but must revalidate it (cheap: If-None-Match → 304).
        response.Headers.CacheControl = "no-cache";
        if (body is null)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    /// <summary>Documents the 200 (its schema and ETag) and the 304; computed once at start-up, nothing per request.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ModuleListResponse), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
        // The framework honours only its own operation-transformer metadata, which it adds through a convention builder.
        new ImmediateConventions(builder).AddOpenApiOperationTransformer(DocumentETagAsync);
    }

    /// <summary>Adds the <c>If-None-Match</c> request header and the <c>ETag</c> response header of the 200 and 304 to the OpenAPI document.</summary>
    private static Task DocumentETagAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-None-Match",
            In = ParameterLocation.Header,
            Description = "An ETag of an earlier answer (or several, or *): 304 with no body while the tenant's modules are at that version (and, with a viewing context, for the same context).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status is "200" or "304" && response is OpenApiResponse concrete)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The tenant's module version, quoted (e.g. \"42\"); with a viewing context the version and a digest of the context (e.g. \"42-1f3a9c0d2b4e6f70\"). Send it back as If-None-Match to get 304 while nothing changed.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Applies conventions to the endpoint being built at once (metadata providers get the builder, not a convention builder).</summary>
    private sealed class ImmediateConventions(EndpointBuilder builder) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention) => convention(builder);

        public void Finally(Action<EndpointBuilder> finallyConvention) => finallyConvention(builder);
    }
}

/// <summary>The shape of a module read, for OpenAPI (the body itself is written from cached bytes).</summary>
/// <param name="Tenant">The tenant key.</param>
/// <param name="Version">The tenant's module version (also the ETag).</param>
/// <param name="Modules">The modules in serving order.</param>
public sealed record ModuleListResponse(string Tenant, long Version, IReadOnlyList<ModuleListEntry> Modules);

/// <summary>One module of a module read.</summary>
/// <param name="AppKey">The app.</param>
/// <param name="Key">The module key.</param>
/// <param name="Type">The catalog type.</param>
/// <param name="Source"><c>static</c> or <c>dynamic</c>.</param>
/// <param name="Dialect"><c>connect</c> or <c>forge</c>.</param>
/// <param name="Definition">The definition, i18n resolved.</param>
/// <param name="HostConditions">
/// Only in reads with a viewing context, and only when the service could not decide every condition: what the host
/// must still evaluate before it shows the module, unevaluated (Connect: a conditions array; Forge: a displayConditions
/// object).
/// </param>
public sealed record ModuleListEntry(string AppKey, string Key, string Type, string Source, string Dialect, JsonObject Definition, JsonNode? HostConditions = null);
