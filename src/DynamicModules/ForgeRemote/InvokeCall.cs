namespace DynamicModules.ForgeRemote;

/// <summary>An invoke as the host asks for it (<c>invokeRemote</c>): an endpoint, a method, a path under its route, a body, a user.</summary>
/// <param name="Endpoint">The endpoint key.</param>
/// <param name="Method">The HTTP method (GET, POST, PUT, PATCH, DELETE).</param>
/// <param name="Path">The path under the endpoint's route ("" for the route itself), with its query.</param>
/// <param name="Payload">The JSON body to send, or null for none.</param>
/// <param name="AccountId">The acting user, or null.</param>
public sealed record InvokeCall(string Endpoint, string Method, string Path, string? Payload, string? AccountId);
