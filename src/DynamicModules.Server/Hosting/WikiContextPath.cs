using Microsoft.AspNetCore.Routing;

namespace DynamicModules.Server.Hosting;

/// <summary>
/// Confluence Cloud's <c>/wiki</c> context path on the app-facing API (DESIGN §4.1). Every app-facing route also
/// answers under <c>/t/{tenant}/wiki</c>, so ACE (which prefixes the base URL it was given,
/// <c>{PublicUrl}/t/{tenant}/wiki</c>) and confluence.js (which prefixes <c>/wiki</c> to the site URL
/// <c>{PublicUrl}/t/{tenant}</c>) both reach them. Only Confluence tenants answer there; the authentication handler
/// refuses the others, and computes qsh relative to <c>/t/{tenant}/wiki</c> for these routes.
/// </summary>
public sealed class WikiContextPath
{
    /// <summary>The context path segment.</summary>
    public const string Segment = "/wiki";

    /// <summary>Suffix of the twin operations' names (<c>RegisterConnectModulesUnderWiki</c>), which must be unique.</summary>
    public const string NameSuffix = "UnderWiki";

    private WikiContextPath()
    {
    }

    /// <summary>The metadata that marks an endpoint as a <c>/wiki</c> twin.</summary>
    public static WikiContextPath Marker { get; } = new();

    /// <summary>True when the request's endpoint is a <c>/wiki</c> twin.</summary>
    public static bool IsTwin(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<WikiContextPath>() is not null;

    /// <summary>
    /// Marks the group's endpoints as twins and, after the endpoints' own conventions have named them, renames each
    /// with <see cref="NameSuffix"/>, so the OpenAPI document lists the twin as an operation of its own.
    /// </summary>
    public static RouteGroupBuilder Twin(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.WithMetadata(Marker);
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            for (var i = 0; i < endpoint.Metadata.Count; i++)
            {
                endpoint.Metadata[i] = endpoint.Metadata[i] switch
                {
                    EndpointNameMetadata name => new EndpointNameMetadata(name.EndpointName + NameSuffix),
                    RouteNameMetadata route when route.RouteName is { } routeName => new RouteNameMetadata(routeName + NameSuffix),
                    _ => endpoint.Metadata[i],
                };
            }
        });
        return group;
    }
}
