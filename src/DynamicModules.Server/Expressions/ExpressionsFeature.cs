using DynamicModules.Server.Hosting;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Expressions;

/// <summary>Checking and trying filter expressions without registering them.</summary>
public static class ExpressionsFeature
{
    /// <summary>Registers the routes' JSON; the compiler's cache (<c>FilterCache</c>) is shared with registration and comes from the modules feature.</summary>
    public static IServiceCollection AddExpressions(this IServiceCollection services) => services.AddJsonContext(ExpressionsJson.Default);

    /// <summary>Maps the app-facing and operator analyse routes and the operator's evaluate route (the admin playground).</summary>
    public static ApiRoutes MapExpressions(this ApiRoutes routes)
    {
        foreach (var app in routes.AppBases)
        {
            app.MapAppExpressionAnalyse();
        }

        routes.Operator.MapOperatorExpressionAnalyse().MapExpressionPlaygroundEndpoints();
        return routes;
    }
}
