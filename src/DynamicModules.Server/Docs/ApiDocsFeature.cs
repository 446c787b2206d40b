using Microsoft.AspNetCore.OpenApi;
using Scalar.AspNetCore;

namespace DynamicModules.Server.Docs;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>), its browsable reference (<c>/docs</c>) and the root redirect.</summary>
public static class ApiDocsFeature
{
    /// <summary>The document's route; <c>{documentName}</c> is <c>v1</c>.</summary>
    public const string DocumentRoute = "/openapi/{documentName}.json";

    /// <summary>Registers the document with the transformers that complete it: security schemes, path parameters, 401s and 400s.</summary>
    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<DocumentDescription>();
            options.AddOperationTransformer<OperationSecurity>();
            options.AddOperationTransformer<RouteParameters>();
            options.AddOperationTransformer<CommonRefusals>();
        });

    /// <summary>Maps the document, <c>/docs</c> (Scalar, served from the package with nothing fetched from elsewhere) and <c>/</c>.</summary>
    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(DocumentRoute);
        routes.MapScalarApiReference("/docs", options =>
        {
            options.WithTitle("Dynamic Modules API")
                .WithOpenApiRoutePattern(DocumentRoute)
                // Offline and local: no fonts from a CDN, no telemetry, and none of the buttons that
                // lead to outside services (AI agent, the developer tools bar with SDK generation and deploy, MCP).
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideClientButton()
                .HideDeveloperTools()
                .WithDotNetFlag(false);
        }).ExcludeFromDescription();
        routes.MapGet("/", () => TypedResults.Redirect("/admin")).ExcludeFromDescription();
        return routes;
    }
}
