using System.Text.Json.Serialization;

namespace DynamicModules.Server.Requests;

/// <summary>Lets each feature register its source-generated JSON context with the framework's JSON options.</summary>
public static class JsonContexts
{
    /// <summary>
    /// Puts <paramref name="context"/> in front of the resolver chain, so the feature's requests and responses (and
    /// their OpenAPI schemas) use the generated code instead of reflection.
    /// </summary>
    public static IServiceCollection AddJsonContext(this IServiceCollection services, JsonSerializerContext context) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, context));
}
