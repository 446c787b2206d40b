using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicModules.Secrets;

/// <summary>Opens key elements sealed by <see cref="SecretKeyXmlEncryptor"/>; Data Protection creates it by type name.</summary>
public sealed class SecretKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    /// <inheritdoc />
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var protector = services.GetRequiredService<SecretProtector>();
        var elementName = (string?)encryptedElement.Attribute("element") ?? "";
        return protector.TryOpen(encryptedElement.Value, SecretContext.DataProtectionKey(elementName), out var xml)
            ? XElement.Parse(xml)
            : throw new CryptographicException(
                $"A Data Protection key is sealed under secret key '{SecretProtector.KeyIdOf(encryptedElement.Value) ?? "?"}', which is not configured or does not open it.");
    }
}
