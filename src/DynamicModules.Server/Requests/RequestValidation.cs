using DynamicModules.Server.Errors;

namespace DynamicModules.Server.Requests;

/// <summary>
/// The one endpoint filter that validates request records: when a bound <see cref="IJsonRequest"/> has problems, the
/// endpoint does not run and the caller gets all of them, keyed by JSON path, in the endpoint's dialect.
/// </summary>
public static class RequestValidation
{
    /// <summary>Adds the filter once to an endpoint that binds a request record.</summary>
    public static void AddTo(EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Metadata.OfType<Marker>().Any())
        {
            return;
        }

        builder.Metadata.Add(new Marker());
        builder.FilterFactories.Add((_, next) => async context =>
        {
            var errors = context.Arguments.OfType<IJsonRequest>().SelectMany(request => request.Validate()).ToList();
            return errors.Count == 0 ? await next(context) : ErrorDialect.Of(context.HttpContext).Invalid(errors);
        });
    }

    private sealed class Marker;
}
