using BenchmarkDotNet.Running;
using DynamicModules.Benchmarks;

if (args.Contains(SubscriptionMemory.Switch))
{
    SubscriptionMemory.Print();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
