using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DynamicModules.Server.Docs;

/// <summary>
/// Declares every <c>{name}</c> of an operation's path as a required path parameter. Parameters bound by the
/// service itself (<c>{tenant}</c> through <see cref="Tenants.VisibleTenant"/> or the app's authentication) are not
/// seen by the generator, and a client generator needs all of them.
/// </summary>
public sealed partial class RouteParameters : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["tenant"] = "The tenant key (1-63 characters of a-z, 0-9 and '-').",
        ["appKey"] = "The app's key, as in its descriptor or manifest.",
    };

    /// <inheritdoc />
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Description.RelativePath ?? string.Empty;
        operation.Parameters ??= [];
        var declared = operation.Parameters.Where(parameter => parameter.In == ParameterLocation.Path).Select(parameter => parameter.Name).ToHashSet(StringComparer.Ordinal);
        var position = 0;
        foreach (var name in PathParameter().Matches(path).Select(match => match.Groups[1].Value))
        {
            if (!declared.Contains(name))
            {
                operation.Parameters.Insert(position, new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Path,
                    Required = true,
                    Description = Descriptions.GetValueOrDefault(name),
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }

            position++;
        }

        return Task.CompletedTask;
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?::[^}]*)?\}", RegexOptions.CultureInvariant)]
    private static partial Regex PathParameter();
}
