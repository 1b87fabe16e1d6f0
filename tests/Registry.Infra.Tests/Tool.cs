using System.Diagnostics;
using System.Text;

namespace Registry.Infra.Tests;

/// <summary>What a command printed (stdout and stderr interleaved) and how it exited.</summary>
internal sealed record ToolResult(int ExitCode, string Output)
{
    /// <summary>For assertion messages: the command's whole output.</summary>
    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

/// <summary>Runs a command line tool to completion, with a timeout that kills its process tree.</summary>
internal static class Tool
{
    public static async Task<ToolResult> RunAsync(
        string file, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        var gate = new Lock();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    output.AppendLine(line);
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{file} {string.Join(' ', arguments)} did not finish within {timeout}:\n{output}");
        }

        lock (gate)
        {
            return new ToolResult(process.ExitCode, output.ToString());
        }
    }
}
