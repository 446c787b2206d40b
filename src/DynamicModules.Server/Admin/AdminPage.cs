using System.Reflection;
using System.Security.Cryptography;

namespace DynamicModules.Server.Admin;

/// <summary>
/// The admin page's files (HTML, JavaScript, CSS), embedded in the server assembly and read into memory once, so the
/// page needs nothing at run time: no build step, no CDN, no framework download.
/// </summary>
public sealed class AdminPage
{
    private const string ResourcePrefix = "admin/";

    /// <summary>
    /// Only our own files, no inline script or style, no framing: data shown on the page can never run as code, and
    /// the page cannot be embedded to trick an operator into clicking.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private readonly Dictionary<string, AdminPageFile> _files;

    /// <summary>Loads the embedded files.</summary>
    public AdminPage()
    {
        var assembly = typeof(AdminPage).Assembly;
        _files = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToDictionary(name => name[ResourcePrefix.Length..], name => Load(assembly, name), StringComparer.Ordinal);
    }

    /// <summary>The file called <paramref name="name"/> (e.g. <c>admin.js</c>), or null.</summary>
    public AdminPageFile? Find(string name) => _files.GetValueOrDefault(name);

    private static AdminPageFile Load(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var contentType = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return new AdminPageFile(bytes, contentType, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
    }
}

/// <summary>One file of the admin page.</summary>
/// <param name="Body">The bytes.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="ETag">A quoted hash of the bytes.</param>
public sealed record AdminPageFile(byte[] Body, string ContentType, string ETag);
