using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace DynamicModules.Server.Requests;

/// <summary>A request body record: checks its own members, reporting every problem with its JSON path.</summary>
public interface IJsonRequest
{
    /// <summary>Every problem of the members (none when valid); semantic checks that need services stay in the endpoint.</summary>
    IEnumerable<RequestError> Validate();
}

/// <summary>
/// A request body record the framework binds: it reads the body through the strict JSON reader (size, duplicate
/// names, lone surrogates, depth), deserializes it with <typeparamref name="TSelf"/>'s source-generated type info,
/// documents it as the operation's JSON body, and puts <see cref="RequestValidation"/> in front of the endpoint.
/// </summary>
/// <typeparam name="TSelf">The record itself.</typeparam>
public interface IJsonRequest<TSelf> : IJsonRequest, IBindableFromHttpContext<TSelf>, IEndpointParameterMetadataProvider
    where TSelf : class, IJsonRequest<TSelf>
{
    /// <summary>The record's type info from a <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>.</summary>
    static abstract JsonTypeInfo<TSelf> JsonType { get; }

    /// <summary>Reads the body; a body that cannot be read throws a <see cref="RequestBodyException"/>.</summary>
    static async ValueTask<TSelf?> IBindableFromHttpContext<TSelf>.BindAsync(HttpContext context, ParameterInfo parameter) =>
        await RequestBody.ReadAsync(context, TSelf.JsonType);

    /// <summary>Declares the JSON body and adds the validation filter.</summary>
    static void IEndpointParameterMetadataProvider.PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(TSelf), isOptional: false));
        RequestValidation.AddTo(builder);
    }
}
