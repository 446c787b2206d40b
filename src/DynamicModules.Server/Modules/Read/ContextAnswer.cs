namespace DynamicModules.Server.Modules.Read;

/// <summary>The answer of a read with a viewing context: its body and its ETag, which covers the context.</summary>
/// <param name="Body">The JSON body, written once per context and served from memory after.</param>
/// <param name="ETag">The quoted <c>{version}-{context digest}</c>.</param>
public sealed record ContextAnswer(byte[] Body, string ETag);
