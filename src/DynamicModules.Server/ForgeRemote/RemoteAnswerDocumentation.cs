using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DynamicModules.Server.ForgeRemote;

/// <summary>
/// Documents that invoke passes the remote's answer on: any status (a <c>default</c> response), and for the statuses the
/// service also answers itself, the remote's JSON or text besides the service's problem details.
/// </summary>
public static class RemoteAnswerDocumentation
{
    private static readonly string[] RemoteMediaTypes = ["application/json", "text/plain"];

    /// <summary>The operation transformer of the invoke operation.</summary>
    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.Responses ??= new OpenApiResponses();
        operation.Responses["default"] = new OpenApiResponse
        {
            Description = "The remote's answer, with its status, Content-Type and body as they came.",
            Content = RemoteMediaTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = new OpenApiSchema() }, StringComparer.Ordinal),
        };
        foreach (var (status, response) in operation.Responses)
        {
            if (status is "default" or "401" || response is not OpenApiResponse documented)
            {
                continue;
            }

            documented.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
            foreach (var type in RemoteMediaTypes)
            {
                documented.Content.TryAdd(type, new OpenApiMediaType { Schema = new OpenApiSchema() });
            }
        }

        return Task.CompletedTask;
    }
}
