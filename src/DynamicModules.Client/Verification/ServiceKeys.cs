using System.Collections.Concurrent;
using System.Security.Cryptography;
using DynamicModules.Protocol.Jose;

namespace DynamicModules.Client.Verification;

/// <summary>
/// The service's public keys, fetched over HTTP and cached: the PEM install-signing keys at
/// <c>{serviceUrl}/connect-keys/{kid}</c> (immutable per kid, so cached for good) and the JWKS at
/// <c>{serviceUrl}/.well-known/jwks.json</c> (refetched when a token names an unknown kid, at most once a minute).
/// </summary>
public sealed class ServiceKeys : IDisposable
{
    /// <summary>The longest key document read, in bytes.</summary>
    public const int MaxKeyDocumentBytes = 64 * 1024;

    private const int MaxCachedKeys = 64;
    private static readonly TimeSpan JwksRefreshInterval = TimeSpan.FromMinutes(1);

    private readonly HttpClient _http;
    private readonly string _serviceUrl;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, RSA> _connectKeys = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _jwksLock = new(1, 1);
    private JsonWebKeySet? _jwks;
    private DateTimeOffset _jwksFetchedAt = DateTimeOffset.MinValue;

    /// <summary>Creates the key cache for the service at <paramref name="serviceUrl"/>.</summary>
    /// <param name="http">The HttpClient to fetch keys with.</param>
    /// <param name="serviceUrl">The service's URL, e.g. <c>http://127.0.0.1:5080</c>.</param>
    /// <param name="timeProvider">The clock for the JWKS refresh interval; the system clock when null.</param>
    public ServiceKeys(HttpClient http, string serviceUrl, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(serviceUrl);
        _http = http;
        _serviceUrl = serviceUrl.TrimEnd('/');
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The install-signing public key <paramref name="keyId"/>, or null when the service has none (or cannot be reached).</summary>
    /// <param name="keyId">A well-formed kid (the validators check its characters before asking).</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    public async ValueTask<RSA?> ConnectKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        if (_connectKeys.TryGetValue(keyId, out var cached))
        {
            return cached;
        }

        var pem = await FetchAsync($"{_serviceUrl}/connect-keys/{Uri.EscapeDataString(keyId)}", cancellationToken);
        if (pem is null)
        {
            return null;
        }

        var key = RSA.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (ArgumentException)
        {
            key.Dispose();
            return null;
        }
        catch (CryptographicException)
        {
            key.Dispose();
            return null;
        }

        // Bounded: only kids of tokens that passed the structural checks get here, but they are still chosen by the sender.
        if (_connectKeys.Count >= MaxCachedKeys || !_connectKeys.TryAdd(keyId, key))
        {
            key.Dispose();
            return _connectKeys.TryGetValue(keyId, out var other) ? other : null;
        }

        return key;
    }

    /// <summary>The service's JWKS: the cached one, or a fresh one when <paramref name="refresh"/> and the last fetch is older than a minute.</summary>
    /// <param name="refresh">True when a token named a kid the cached set lacks.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    public async ValueTask<JsonWebKeySet?> KeySetAsync(bool refresh, CancellationToken cancellationToken)
    {
        if (_jwks is not null && !refresh)
        {
            return _jwks;
        }

        await _jwksLock.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            if (_jwks is not null && now - _jwksFetchedAt < JwksRefreshInterval)
            {
                return _jwks;
            }

            var json = await FetchAsync($"{_serviceUrl}/.well-known/jwks.json", cancellationToken);
            _jwksFetchedAt = now;
            if (json is not null && JsonWebKeySet.TryParse(json, out var keys, out _))
            {
                _jwks = keys;
            }

            return _jwks;
        }
        finally
        {
            _jwksLock.Release();
        }
    }

    private async Task<string?> FetchAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxKeyDocumentBytes)
            {
                return null;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxKeyDocumentBytes + 1];
            var read = 0;
            int count;
            while (read < buffer.Length && (count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            {
                read += count;
            }

            return read > MaxKeyDocumentBytes ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var key in _connectKeys.Values)
        {
            key.Dispose();
        }

        _connectKeys.Clear();
        _jwksLock.Dispose();
    }
}
