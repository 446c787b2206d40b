using System.Xml.Linq;
using Dapper;
using DynamicModules.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace DynamicModules.Secrets;

/// <summary>
/// The ASP.NET Core Data Protection key ring, kept in the database so every node sharing it reads the
/// same ring. The elements arrive here already sealed by <see cref="SecretKeyXmlEncryptor"/>.
/// </summary>
public sealed class DataProtectionKeyStore(Database database, TimeProvider time) : IXmlRepository
{
    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements() =>
        // Data Protection's repository contract is synchronous; it reads the ring at start and about once a day.
        ReadAllAsync().GetAwaiter().GetResult();

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName) =>
        WriteAsync(element, friendlyName).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> ReadAllAsync()
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync<string>("SELECT xml FROM data_protection_keys ORDER BY id");
        return rows.Select(xml => XElement.Parse(xml)).ToList();
    }

    private async Task WriteAsync(XElement element, string friendlyName)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@friendlyName, @xml, @now)",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), now = UnixTime.ToMilliseconds(time.GetUtcNow()) });
    }
}
