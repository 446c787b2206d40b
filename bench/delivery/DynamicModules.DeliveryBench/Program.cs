// Delivery pipeline benchmark (docs/benchmarks.md, "Delivery pipeline"); bench/delivery/run.sh runs it for both engines.
// One process plays the app (a receiver on loopback answering 200 at once) and the publisher; the server is the Release build
// in its own process. Three measures, side by side in one run:
//   1. throughput: a backlog of events published with the worker off, then drained by a fresh server with the worker on (rate
//      after the first tenth of the arrivals)
//      (signed, logged, at least once), against a bare loop POSTing the very bodies and headers received to the same receiver
//      with the same concurrency (the server's per-endpoint concurrency);
//   2. the maximum end-to-end rate: closed-loop publishers for a while, deliveries per second;
//   3. latency: publishes paced at half that rate, publish (request sent) -> first arrival at the receiver, p50 and p99.
// Usage: DynamicModules.DeliveryBench <server.dll> <sqlite|postgres> [postgres admin connection string]
//        (DynamicModules.DeliveryBench --bare-loop URL FILE CONCURRENCY is the bare loop in a process of its own; the driver starts it)
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using DynamicModules.DeliveryBench;
using Npgsql;

if (args is ["--bare-loop", ..])
{
    await BareLoop.MainAsync(args);
    return;
}

var serverDll = args[0];
var engine = args[1];
var postgresAdmin = args.Length > 2 ? args[2] : null;
var backlog = Setting("BACKLOG", 2000);
var saturationSeconds = Setting("SATURATION_SECONDS", 8);
var latencySeconds = Setting("LATENCY_SECONDS", 10);
// Closed-loop publish + deliver before the maximum rate is taken, not measured: the server is seconds old after the drain, and a
// young server still compiles (tiered JIT): a publish cost 800-880 us of CPU 3 s into publishing and 150-220 us after 20 s
// (bench/delivery/publish-cpu.sh), so without it phases 2 and 3 would measure the JIT more than the service.
var warmupSeconds = Setting("WARMUP_SECONDS", 10);
var publishers = Setting("PUBLISHERS", 8);
var concurrency = Setting("PER_ENDPOINT_CONCURRENCY", 4);
var port = Setting("PORT", 5198);
// A fixed rate for the latency run instead of half the measured maximum (0): for comparing builds or settings at one load, where
// the maximum, measured on a shared machine, moves between runs and the CPU per event moves with the rate.
var latencyRate = Setting("LATENCY_RATE", 0);
// Deliveries of the backlog drained before the drain is measured (default: the first tenth): the drain runs on a server started
// for it, whose first seconds go to the tiered JIT, so a long backlog with most of it skipped measures a warm server.
var drainSkip = Setting("DRAIN_SKIP", backlog / 10);
const string Tenant = "bench-delivery";

var dataDirectory = Directory.CreateTempSubdirectory("delivery-bench-").FullName;
string? postgres = null;
if (engine == "postgres")
{
    postgres = await CreateDatabaseAsync(postgresAdmin ?? throw new ArgumentException("postgres needs an admin connection string"));
}

var capacity = backlog + 200_000;
var publishedAt = new long[capacity];
// When each publish's 202 arrived: splits publish -> first delivery into the publish request and what follows its answer.
var acceptedAt = new long[capacity];
await using var receiver = await BenchReceiver.StartAsync(capacity);
using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchServer.OperatorKey);
string[] serverSettings = [$"--DynamicModules:Delivery:PerEndpointConcurrency={concurrency}", .. Environment.GetEnvironmentVariable("SERVER_ARGS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []];
try
{
    // 1. The backlog, published with the worker off, then drained.
    await using (var server = await BenchServer.StartAsync(serverDll, port, dataDirectory, postgres, [.. serverSettings, "--DynamicModules:Delivery:WorkerEnabled=false"]))
    {
        await SetUpAsync(server.BaseUrl);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, publishers).Select(async _ =>
        {
            int seq;
            while ((seq = Interlocked.Increment(ref next)) < backlog)
            {
                await PublishAsync(server.BaseUrl, seq);
            }
        }));
        Log($"{engine}: {backlog} events queued with the worker off");
    }

    receiver.Capture(backlog);
    double drainRate;
    await using (var server = await BenchServer.StartAsync(serverDll, port, dataDirectory, postgres, serverSettings))
    {
        // CPU per delivery (server process, and this process as the receiver) from the first tenth on, as the rate is: machine load
        // stretches wall time but not CPU time, so these compare across runs where the rates do not.
        var skip = Math.Clamp(drainSkip, 0, backlog - 2);
        await WaitForArrivalsAsync(0, skip + 1, TimeSpan.FromMinutes(2));
        var (serverCpu0, driverCpu0, received0) = (server.CpuTime, DriverCpu(), receiver.Deliveries);
        await WaitForArrivalsAsync(skip + 1, backlog, TimeSpan.FromMinutes(2));
        var serverCpuPerDelivery = (server.CpuTime - serverCpu0).TotalMicroseconds / (receiver.Deliveries - received0);
        var receiverCpuPerDelivery = (DriverCpu() - driverCpu0).TotalMicroseconds / (receiver.Deliveries - received0);
        var arrivals = Enumerable.Range(0, backlog).Select(receiver.ArrivalOf).Order().ToArray();
        // The rate after the skipped part: the fresh server's first requests pay for JIT and connection set-up.
        drainRate = (backlog - 1 - skip) / Stopwatch.GetElapsedTime(arrivals[skip], arrivals[^1]).TotalSeconds;
        Log($"{engine}: drained {backlog} in {Stopwatch.GetElapsedTime(arrivals[0], arrivals[^1]).TotalSeconds:F2} s, {drainRate:F0}/s after the first {skip} ({receiver.Deliveries} received)");

        Log($"{engine}: CPU per delivery: server {serverCpuPerDelivery:F0} us, receiver {receiverCpuPerDelivery:F0} us");
        var captured = receiver.Captured.ToArray();
        var bareCpu0 = DriverCpu();
        var bareRate = await BareLoopAsync(captured);
        var bareCpuPerPost = (DriverCpu() - bareCpu0).TotalMicroseconds / captured.Length;
        Log($"{engine}: bare loop {bareRate:F0}/s, {bareCpuPerPost:F0} us CPU per POST (sender and receiver)");
        var (ownProcessRate, ownProcessCpu) = await BareLoop.RunInOwnProcessAsync(receiver.BaseUrl + BenchReceiver.BarePath, captured, concurrency);
        Log($"{engine}: bare loop in a process of its own {ownProcessRate:F0}/s, sender {ownProcessCpu:F0} us CPU per POST");

        // 2. The maximum end-to-end rate, after the warm-up.
        var (_, warmedEnd, _) = await ClosedLoopAsync(server.BaseUrl, backlog, warmupSeconds);
        var (first, saturationEnd, started) = await ClosedLoopAsync(server.BaseUrl, warmedEnd, saturationSeconds);
        var lastArrival = Enumerable.Range(first, saturationEnd - first).Max(receiver.ArrivalOf);
        var maxRate = (saturationEnd - first) / Stopwatch.GetElapsedTime(started, lastArrival).TotalSeconds;
        var saturationPublish = Enumerable.Range(first, saturationEnd - first)
            .Select(seq => Stopwatch.GetElapsedTime(publishedAt[seq], acceptedAt[seq]).TotalMilliseconds).Order().ToArray();
        Log($"{engine}: saturation {saturationEnd - first} events, {maxRate:F0}/s end to end; publish request p50 {Percentile(saturationPublish, 0.5):F2} ms, p99 {Percentile(saturationPublish, 0.99):F2} ms");

        // 3. Latency at half the maximum rate, paced (open loop: a slow answer does not slow the publishing down).
        var rate = latencyRate > 0 ? latencyRate : maxRate / 2;
        var latencyFirst = saturationEnd;
        var count = (int)(rate * latencySeconds);
        var inFlight = new List<Task>(count);
        var databaseName = postgres is null ? null : new NpgsqlConnectionStringBuilder(postgres).Database;
        var (latencyServerCpu0, latencyDatabaseCpu0) = (server.CpuTime, BackendCpu(databaseName));
        var t0 = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = t0 + (long)(i / rate * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            inFlight.Add(PublishAsync(server.BaseUrl, latencyFirst + i));
        }

        await Task.WhenAll(inFlight);
        await WaitForArrivalsAsync(latencyFirst, latencyFirst + count, TimeSpan.FromMinutes(1));
        // CPU per event at that rate: the server process, and (PostgreSQL) the backends serving its database, which do the
        // statements' parsing, planning and execution in processes of their own.
        var latencyServerCpu = (server.CpuTime - latencyServerCpu0).TotalMicroseconds / count;
        var latencyDatabaseCpu = (BackendCpu(databaseName) - latencyDatabaseCpu0).TotalMicroseconds / count;
        Log($"{engine}: CPU per event in the latency run: server {latencyServerCpu:F0} us, PostgreSQL backends {latencyDatabaseCpu:F0} us");
        var latencies = Enumerable.Range(latencyFirst, count)
            .Select(seq => Stopwatch.GetElapsedTime(publishedAt[seq], receiver.ArrivalOf(seq)).TotalMilliseconds).Order().ToArray();
        var p50 = Percentile(latencies, 0.50);
        var p99 = Percentile(latencies, 0.99);
        Log($"{engine}: {count} events at {rate:F0}/s: p50 {p50:F2} ms, p99 {p99:F2} ms, max {latencies[^1]:F2} ms");
        // The same events split in two: the publish request alone (sent -> 202), and its 202 -> first arrival (negative when the
        // delivery arrived before the 202 did: the worker was woken by the commit while the answer was still on its way).
        var publishTimes = Enumerable.Range(latencyFirst, count)
            .Select(seq => Stopwatch.GetElapsedTime(publishedAt[seq], acceptedAt[seq]).TotalMilliseconds).Order().ToArray();
        var afterAccepted = Enumerable.Range(latencyFirst, count)
            .Select(seq => (receiver.ArrivalOf(seq) - acceptedAt[seq]) * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        var (publishP50, publishP99) = (Percentile(publishTimes, 0.50), Percentile(publishTimes, 0.99));
        var (afterP50, afterP99) = (Percentile(afterAccepted, 0.50), Percentile(afterAccepted, 0.99));
        Log($"{engine}: publish request alone p50 {publishP50:F2} ms, p99 {publishP99:F2} ms; 202 -> first arrival p50 {afterP50:F2} ms, p99 {afterP99:F2} ms");

        var throughputRatio = drainRate / bareRate;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            {engine}: backlog {backlog}, per-endpoint concurrency {concurrency}, {publishers} publishers

            | measure | {engine} |
            |---|---:|
            | bare loop, same bodies and headers (POSTs/s) | {bareRate:F0} |
            | bare loop in a process of its own, as the server is (POSTs/s) | {ownProcessRate:F0} |
            | delivery worker draining the backlog (deliveries/s) | {drainRate:F0} |
            | CPU per bare POST, sender + receiver (µs) | {bareCpuPerPost:F0} |
            | CPU per delivery, server (µs) | {serverCpuPerDelivery:F0} |
            | CPU per delivery, receiver (µs) | {receiverCpuPerDelivery:F0} |
            | maximum end-to-end rate, publish + deliver (events/s) | {maxRate:F0} |
            | latency run: events at half that rate | {count} at {rate:F0}/s |
            | publish -> first delivery p50 (ms) | {p50:F2} |
            | publish -> first delivery p99 (ms) | {p99:F2} |
            | of which the publish request, sent -> 202, p50 / p99 (ms) | {publishP50:F2} / {publishP99:F2} |
            | 202 -> first delivery p50 / p99 (ms) | {afterP50:F2} / {afterP99:F2} |
            | CPU per event in the latency run, server / PostgreSQL backends (µs) | {latencyServerCpu:F0} / {latencyDatabaseCpu:F0} |

            delivery-throughput-{engine}: {throughputRatio:F2} (goal >= 0.5)
            delivery-throughput-own-process-{engine}: {drainRate / ownProcessRate:F2} (against the bare loop in a process of its own; no goal)
            delivery-cpu-{engine}: {bareCpuPerPost / (serverCpuPerDelivery + receiverCpuPerDelivery):F2} (CPU of a bare POST / CPU of a delivery; no goal, load-independent)
            delivery-p50-{engine}: {p50:F2} ms (goal <= 5 ms)
            delivery-p99-{engine}: {p99:F2} ms (goal <= 50 ms)
            """));
    }
}
finally
{
    if (postgres is not null && postgresAdmin is not null)
    {
        await DropDatabaseAsync(postgresAdmin, postgres);
    }

    Directory.Delete(dataDirectory, recursive: true);
}

async Task SetUpAsync(string baseUrl)
{
    var tenant = await client.PutAsync($"{baseUrl}/api/v1/tenants/{Tenant}",
        new StringContent("""{"productType":"jira","displayName":"Delivery benchmark"}""", Encoding.UTF8, "application/json"));
    tenant.EnsureSuccessStatusCode();
    var install = await client.PostAsync($"{baseUrl}/api/v1/tenants/{Tenant}/apps",
        new StringContent($$"""{"descriptorUrl":"{{receiver.BaseUrl}}/atlassian-connect.json"}""", Encoding.UTF8, "application/json"));
    if (!install.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"Install failed: {(int)install.StatusCode} {await install.Content.ReadAsStringAsync()}");
    }
}

async Task PublishAsync(string baseUrl, int seq)
{
    var n = seq.ToString(CultureInfo.InvariantCulture);
    var body = "{\"id\":\"evt-" + n + "\",\"type\":\"avi:jira:created:issue\",\"payload\":{\"benchSeq\":" + n
        + ",\"issue\":{\"id\":\"1" + n + "\",\"key\":\"PROJ-" + n + "\",\"fields\":{\"summary\":\"Something broke\","
        + "\"issuetype\":{\"name\":\"Bug\"},\"project\":{\"key\":\"PROJ\",\"name\":\"PROJ project\"},\"labels\":[\"customer\"]}}}}";
    using var content = new StringContent(body, Encoding.UTF8, "application/json");
    publishedAt[seq] = Stopwatch.GetTimestamp();
    using var response = await client.PostAsync($"{baseUrl}/api/v1/tenants/{Tenant}/events", content);
    acceptedAt[seq] = Stopwatch.GetTimestamp();
    if ((int)response.StatusCode != 202)
    {
        throw new InvalidOperationException($"Publish {seq} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

// The publishers in a closed loop for a while from sequence number `first` on, then every arrival awaited; returns the sequence
// numbers published [first, end) and when the loop started.
async Task<(int First, int End, long Started)> ClosedLoopAsync(string baseUrl, int first, int seconds)
{
    var end = first;
    var started = Stopwatch.GetTimestamp();
    var until = started + (long)(seconds * Stopwatch.Frequency);
    await Task.WhenAll(Enumerable.Range(0, publishers).Select(async _ =>
    {
        while (Stopwatch.GetTimestamp() < until)
        {
            await PublishAsync(baseUrl, Interlocked.Increment(ref end) - 1);
        }
    }));
    await WaitForArrivalsAsync(first, end, TimeSpan.FromMinutes(2));
    return (first, end, started);
}

async Task WaitForArrivalsAsync(int from, int to, TimeSpan guard)
{
    var deadline = Stopwatch.GetTimestamp() + (long)(guard.TotalSeconds * Stopwatch.Frequency);
    for (var seq = from; seq < to; seq++)
    {
        while (receiver.ArrivalOf(seq) == 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Event {seq} was not delivered within {guard}.");
            }

            await Task.Delay(5);
        }
    }
}

// The bare loop in this process (see BareLoop), to the receiver's bare path.
Task<double> BareLoopAsync(IReadOnlyList<CapturedDelivery> deliveries) =>
    BareLoop.RunAsync(receiver.BaseUrl + BenchReceiver.BarePath, deliveries, concurrency);

// CPU time (user + system) of the PostgreSQL backends connected to the database (their process title names it; Linux /proc),
// zero on SQLite or where /proc is not readable. A backend that ended in between takes its CPU time with it.
static TimeSpan BackendCpu(string? database)
{
    if (database is null || !Directory.Exists("/proc"))
    {
        return TimeSpan.Zero;
    }

    long ticks = 0;
    foreach (var directory in Directory.EnumerateDirectories("/proc"))
    {
        try
        {
            if (!int.TryParse(Path.GetFileName(directory), out _)
                || !File.ReadAllText(Path.Combine(directory, "cmdline")).StartsWith("postgres: ", StringComparison.Ordinal)
                || !File.ReadAllText(Path.Combine(directory, "cmdline")).Contains($" {database} ", StringComparison.Ordinal))
            {
                continue;
            }

            // Fields after the command name in parentheses: state is field 3, utime and stime fields 14 and 15.
            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            // The process ended meanwhile.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // USER_HZ is 100 on Linux.
    return TimeSpan.FromMilliseconds(ticks * 10);
}

static TimeSpan DriverCpu() => Process.GetCurrentProcess().TotalProcessorTime;

static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

static int Setting(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

static void Log(string message) => Console.Error.WriteLine(message);

static async Task<string> CreateDatabaseAsync(string admin)
{
    var name = "delivery_bench_" + Guid.NewGuid().ToString("N")[..12];
    await using var connection = new NpgsqlConnection(admin);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
    await command.ExecuteNonQueryAsync();
    return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
}

static async Task DropDatabaseAsync(string admin, string database)
{
    NpgsqlConnection.ClearAllPools();
    await using var connection = new NpgsqlConnection(admin);
    await connection.OpenAsync();
    var name = new NpgsqlConnectionStringBuilder(database).Database;
    await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
    await command.ExecuteNonQueryAsync();
}
