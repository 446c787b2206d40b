using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Modules.Read;

/// <summary>
/// <c>GET /bench/bare?tenant=</c>: the benchmark's floor. It answers with exactly the bytes and headers of the module
/// read of <c>tenant</c>, taken once and then returned from a field, through the same authentication, so the ratio of
/// the two measures what the module read itself costs. Mapped only when <c>DynamicModules:Benchmark:BareEndpoint</c>
/// is <c>true</c>.
/// </summary>
public static class BareBenchmarkEndpoint
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapBareBenchmarkEndpoint(this IEndpointRouteBuilder routes)
    {
        (string Tenant, byte[] Body, string ETag)? captured = null;
        routes.MapGet("/bench/bare", async ValueTask<Results<ModuleListResult, ProblemHttpResult>> (string tenant, TenantModuleCache cache, CancellationToken cancellationToken) =>
            {
                if (captured is { } known && known.Tenant == tenant)
                {
                    return new ModuleListResult(known.Body, known.ETag);
                }

                var snapshot = await cache.GetAsync(tenant, cancellationToken);
                if (snapshot is null)
                {
                    return Problems.NotFound($"No tenant '{tenant}'.");
                }

                captured = (tenant, snapshot.Answer(default), snapshot.ETag);
                return new ModuleListResult(captured.Value.Body, captured.Value.ETag);
            })
            .RequireAuthorization(OperatorAuthenticationHandler.SchemeName)
            .ExcludeFromDescription();
        return routes;
    }
}
