using BenchmarkDotNet.Running;
using DynamicModules.Benchmarks;

// The benchmarks are found through a type of this assembly: the server's top-level Program is visible here too.
BenchmarkSwitcher.FromAssembly(typeof(MatchingBenchmarks).Assembly).Run(args);
