using System.Globalization;
using DynamicModules.Server.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DynamicModules.Server.Docs;

/// <summary>
/// Declares the refusal every operation can answer before its endpoint runs (a NUL in the query string, a malformed
/// query parameter), in the operation's dialect and with its status for invalid input (400; Forge 422), where the
/// endpoint has not declared that status itself.
/// </summary>
public sealed class CommonRefusals : IOpenApiOperationTransformer
{
    /// <inheritdoc />
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Description.RelativePath ?? string.Empty;
        var dialect = context.Description.ActionDescriptor.EndpointMetadata.OfType<ErrorDialect>().LastOrDefault()
            ?? (path.StartsWith("t/", StringComparison.Ordinal) ? ErrorDialect.Connect : ErrorDialect.Problem);
        var status = dialect.InvalidStatus.ToString(CultureInfo.InvariantCulture);
        operation.Responses ??= new OpenApiResponses();
        if (operation.Responses.ContainsKey(status))
        {
            return;
        }

        var (type, contentType) = dialect.IsApp
            ? (typeof(AppErrorResponses.AppRefusal), "application/json")
            : (typeof(HttpValidationProblemDetails), "application/problem+json");
        operation.Responses[status] = new OpenApiResponse
        {
            Description = "The query string holds a NUL character, or a query parameter is not of its form; the answer names it.",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [contentType] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken) },
            },
        };
    }
}
