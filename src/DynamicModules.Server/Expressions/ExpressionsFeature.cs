using DynamicModules.Server.Hosting;

namespace DynamicModules.Server.Expressions;

/// <summary>Checking and trying filter expressions without registering them.</summary>
public static class ExpressionsFeature
{
    /// <summary>Maps the app-facing and operator analyse routes and the operator's evaluate route (the admin playground).</summary>
    public static ApiRoutes MapExpressions(this ApiRoutes routes)
    {
        routes.App.MapAppExpressionAnalyse();
        routes.Operator.MapOperatorExpressionAnalyse().MapExpressionPlaygroundEndpoints();
        return routes;
    }
}
