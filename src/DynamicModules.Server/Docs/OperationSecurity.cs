using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DynamicModules.Server.Docs;

/// <summary>
/// Puts the security requirement of an operation's authorization policy on it (and <c>forgeAppToken</c> as the alternative
/// where <see cref="ForgeAppTokenAccepted"/> says so), and the 401 its handler answers
/// (problem+json for the operator API, <c>{message}</c> for apps) when the endpoint has not declared it itself.
/// </summary>
public sealed class OperationSecurity : IOpenApiOperationTransformer
{
    /// <inheritdoc />
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(data => data.Policy).ToHashSet();
        var (scheme, errorType, contentType, detail) = policies switch
        {
            _ when policies.Contains(OperatorAuthenticationHandler.SchemeName) =>
                (DocumentDescription.OperatorKey, typeof(ProblemDetails), "application/problem+json", "No, a malformed or an unknown bearer token; `detail` says which."),
            _ when policies.Contains(AppCallAuthenticationHandler.SchemeName) =>
                (DocumentDescription.ConnectJwt, typeof(ConnectMessage), "application/json", "The request is not from an installed, enabled app."),
            _ => (null, null, null, null),
        };
        if (scheme is null)
        {
            return;
        }

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }];
        // Either scheme authenticates the operations Forge remotes call: a second, alternative requirement.
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ForgeAppTokenAccepted>().Any())
        {
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(DocumentDescription.ForgeAppToken, context.Document)] = [],
            });
        }

        operation.Responses ??= new OpenApiResponses();
        if (!operation.Responses.ContainsKey("401"))
        {
            operation.Responses["401"] = new OpenApiResponse
            {
                Description = detail,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    [contentType!] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(errorType!, cancellationToken: cancellationToken) },
                },
            };
        }
    }
}
