using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DynamicModules.DeliveryBench;

/// <summary>
/// The limit for any HTTP sender here: the same bodies and headers, the same receiver, the same number of requests in flight. Run in
/// the driver's own process (sharing its thread pool with the receiver, whose threads it keeps warm), or in a process of its own,
/// as the server is (<c>--bare-loop</c>): every request then wakes another process, as each delivery does.
/// </summary>
internal static class BareLoop
{
    /// <summary>POSTs every delivery once to <paramref name="target"/>, <paramref name="concurrency"/> at a time; returns POSTs per second.</summary>
    public static async Task<double> RunAsync(string target, IReadOnlyList<CapturedDelivery> deliveries, int concurrency)
    {
        using var bare = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < deliveries.Count)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(deliveries[i].Body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                foreach (var (name, value) in deliveries[i].Headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                using var response = await bare.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await response.Content.CopyToAsync(Stream.Null);
            }
        }));
        return deliveries.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Runs the loop in a new process of this program and returns its POSTs per second and its CPU per POST (µs).</summary>
    public static async Task<(double Rate, double CpuPerPost)> RunInOwnProcessAsync(
        string target, IReadOnlyList<CapturedDelivery> deliveries, int concurrency)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(
                deliveries.Select(d => new Stored(d.Body, [.. d.Headers.Select(h => new[] { h.Name, h.Value })])).ToArray()));
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { typeof(BareLoop).Assembly.Location, "--bare-loop", target, file, concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the bare loop.");
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var fields = output.Trim().Split(' ');
            return (double.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The child's side of <see cref="RunInOwnProcessAsync"/>: <c>--bare-loop URL FILE CONCURRENCY</c>; prints "rate cpu".</summary>
    public static async Task MainAsync(string[] args)
    {
        var stored = JsonSerializer.Deserialize<Stored[]>(await File.ReadAllTextAsync(args[2]))!;
        var deliveries = stored.Select(s => new CapturedDelivery(s.Body, [.. s.Headers.Select(h => (h[0], h[1]))])).ToArray();
        var concurrency = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
        // A short first pass so the JIT has compiled the loop, as the server's warm-up does for its own path.
        await RunAsync(args[1], deliveries[..Math.Min(deliveries.Length, 500)], concurrency);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var rate = await RunAsync(args[1], deliveries, concurrency);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMicroseconds / deliveries.Length;
        Console.WriteLine(FormattableString.Invariant($"{rate:F1} {cpu:F1}"));
    }

    private sealed record Stored(byte[] Body, string[][] Headers);
}
