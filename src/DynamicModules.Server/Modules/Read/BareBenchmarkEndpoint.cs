using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Requests;
using DynamicModules.Visibility;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Modules.Read;

/// <summary>
/// <c>GET /bench/bare?tenant=[&amp;user=&amp;project=&amp;space=]</c>: the benchmark's floor. It answers with exactly the
/// bytes and headers of the module read of <c>tenant</c> (in that viewing context, when one is given), taken once and
/// then returned from a field, through the same authentication, so the ratio of the two measures what the module read
/// itself costs. Mapped only when <c>DynamicModules:Benchmark:BareEndpoint</c>
/// is <c>true</c>.
/// </summary>
public static class BareBenchmarkEndpoint
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapBareBenchmarkEndpoint(this IEndpointRouteBuilder routes)
    {
        (string Tenant, byte[] Body, string ETag)? captured = null;
        // The read with a viewing context has its own slot, so comparing it does not slow the bare read down.
        (string Tenant, ViewingContext Context, byte[] Body, string ETag)? capturedInContext = null;
        routes.MapGet("/bench/bare", async ValueTask<Results<ModuleListResult, ProblemHttpResult>> (
                string tenant, string? user, string? project, string? space, TenantModuleCache cache, VisibleModuleReader visible,
                CancellationToken cancellationToken) =>
            {
                if (user is null && project is null && space is null)
                {
                    if (captured is { } known && known.Tenant == tenant)
                    {
                        return new ModuleListResult(known.Body, known.ETag);
                    }
                }
                else if (capturedInContext is { } knownInContext && knownInContext.Tenant == tenant
                    && knownInContext.Context == new ViewingContext(user, project, space))
                {
                    return new ModuleListResult(knownInContext.Body, knownInContext.ETag);
                }

                var snapshot = await cache.GetAsync(tenant, cancellationToken);
                if (snapshot is null)
                {
                    return Problems.NotFound($"No tenant '{tenant}'.");
                }

                if (user is null && project is null && space is null)
                {
                    captured = (tenant, snapshot.Answer(default), snapshot.ETag);
                    return new ModuleListResult(captured.Value.Body, captured.Value.ETag);
                }

                var context = new ViewingContext(user, project, space);
                var answer = await visible.ReadAsync(snapshot, new ContextQuery(default, context), cancellationToken);
                capturedInContext = (tenant, context, answer.Body, answer.ETag);
                return new ModuleListResult(answer.Body, answer.ETag);
            })
            .RequireAuthorization(OperatorAuthenticationHandler.SchemeName)
            .ExcludeFromDescription();
        return routes;
    }
}
