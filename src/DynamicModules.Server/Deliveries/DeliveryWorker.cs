using DynamicModules.Delivery;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Deliveries;

/// <summary>Runs the <see cref="DeliveryDispatcher"/> for the life of the process, unless <see cref="DeliveryOptions.WorkerEnabled"/> is off.</summary>
public sealed class DeliveryWorker(DeliveryDispatcher dispatcher, IOptions<DeliveryOptions> options) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.WorkerEnabled ? dispatcher.RunAsync(stoppingToken) : Task.CompletedTask;
}
