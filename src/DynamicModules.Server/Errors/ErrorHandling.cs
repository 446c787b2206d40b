using Microsoft.AspNetCore.Routing;

namespace DynamicModules.Server.Errors;

/// <summary>Every error answer of the service: problem+json with a <c>detail</c>, or <c>{"message"}</c> in the app dialects.</summary>
public static class ErrorHandling
{
    /// <summary>Registers problem details (with the trace id) and the handler of the web server's request errors.</summary>
    public static IServiceCollection AddErrorBodies(this IServiceCollection services)
    {
        services.AddSingleton<ErrorBodies>();
        services.AddExceptionHandler<ErrorBodies>();
        services.AddProblemDetails(problem => problem.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier);
        // Binding failures (?limit=abc) become exceptions that ErrorBodies answers with the parameter's name;
        // left off, the framework answers an empty 400 that says nothing.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// Adds, in order: the marker that tells Kestrel's own refusals from the application's, the exception handler,
    /// the refusal of NUL in the query, and bodies for empty error answers (unknown route, wrong method, challenges).
    /// </summary>
    public static WebApplication UseErrorBodies(this WebApplication app)
    {
        app.Use(RefusalBodyConnection.MarkApplicationRequestAsync);
        app.UseExceptionHandler();
        app.Use(QueryNulRefusal.RefuseNulAsync);
        app.UseStatusCodePages(context => context.HttpContext.RequestServices.GetRequiredService<ErrorBodies>().WriteEmptyStatusAsync(context.HttpContext));
        return app;
    }
}
