using System.CommandLine;
using DynamicModules.Cli.Output;
using DynamicModules.Cli.Service;

namespace DynamicModules.Cli;

/// <summary>What one command's action works with: its parsed values, where to write, and the service.</summary>
internal sealed record CommandRun(ParseResult Parse, Terminal Out, OperatorApi Api);
