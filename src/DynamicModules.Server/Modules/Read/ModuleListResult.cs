using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace DynamicModules.Server.Modules.Read;

/// <summary>
/// A 200 with pre-serialised JSON and its <c>ETag</c>: writes the cached bytes as they are, with no serialiser on the
/// hot path.
/// </summary>
public sealed class ModuleListResult(byte[] body, string etag) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public string ContentType => "application/json; charset=utf-8";

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        response.Headers.ETag = etag;
        // Clients may keep the answer but must revalidate it (cheap: If-None-Match → 304).
        response.Headers.CacheControl = "no-cache";
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    /// <inheritdoc />
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ModuleListResponse), ["application/json"]));
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
public sealed record ModuleListEntry(string AppKey, string Key, string Type, string Source, string Dialect, System.Text.Json.Nodes.JsonObject Definition);
