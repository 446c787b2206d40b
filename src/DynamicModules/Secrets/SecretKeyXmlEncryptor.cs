using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace DynamicModules.Secrets;

/// <summary>Seals Data Protection key elements with the secret key ring before they reach the database.</summary>
public sealed class SecretKeyXmlEncryptor(SecretProtector protector) : IXmlEncryptor
{
    /// <summary>The element holding the sealed key.</summary>
    internal const string ElementName = "sealedWithSecretKeys";

    /// <inheritdoc />
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var sealedValue = protector.Seal(plaintextElement.ToString(SaveOptions.DisableFormatting), SecretContext.DataProtectionKey(plaintextElement.Name.LocalName));
        return new EncryptedXmlInfo(
            new XElement(ElementName, new XAttribute("element", plaintextElement.Name.LocalName), sealedValue),
            typeof(SecretKeyXmlDecryptor));
    }
}
