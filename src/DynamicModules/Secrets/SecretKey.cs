namespace DynamicModules.Secrets;

/// <summary>One AES-256 key of the ring, named by the id stored beside every ciphertext it makes.</summary>
/// <param name="Id">Short name (letters, digits, <c>-</c>, <c>_</c>), unique in the ring.</param>
/// <param name="Material">The 32 key bytes.</param>
public sealed record SecretKey(string Id, byte[] Material);
