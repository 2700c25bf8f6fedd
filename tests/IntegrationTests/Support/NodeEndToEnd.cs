using System.Diagnostics;
using System.Text;

namespace CleanProxy.IntegrationTests.Support;

/// <summary>
/// Runs the Node scripts in tests/EndToEnd (real JavaScript MCP clients). On a fresh clone it first runs
/// <c>npm ci</c> there, once per test run, so <c>dotnet test CleanProxy.sln</c> needs nothing but Node 20 on the PATH.
/// </summary>
public static class NodeEndToEnd
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool _installed;

    public static string Directory { get; } = FindDirectory();

    /// <summary>Runs <c>node script args</c> in tests/EndToEnd with extra environment variables; kills the process tree on timeout.</summary>
    public static async Task<NodeRun> RunAsync(string script, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, params string[] args)
    {
        await EnsureInstalledAsync();
        var start = new ProcessStartInfo("node") { WorkingDirectory = Directory };
        start.ArgumentList.Add(Path.Combine(Directory, script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return await RunProcessAsync(start, timeout);
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            // npm ci writes node_modules/.package-lock.json last: present and newer than the lock file means installed.
            var installedMarker = Path.Combine(Directory, "node_modules", ".package-lock.json");
            var lockFile = Path.Combine(Directory, "package-lock.json");
            if (_installed || (File.Exists(installedMarker) && File.GetLastWriteTimeUtc(installedMarker) >= File.GetLastWriteTimeUtc(lockFile)))
            {
                _installed = true;
                return;
            }

            var npm = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm") { WorkingDirectory = Directory };
            foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" })
            {
                npm.ArgumentList.Add(arg);
            }

            var run = await RunProcessAsync(npm, TimeSpan.FromMinutes(5));
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {Directory} failed ({run.ExitCode}):{Environment.NewLine}{run.Output}");
            }

            _installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<NodeRun> RunProcessAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"'{start.FileName}' could not be started: the end-to-end tests need Node 20 and npm on the PATH.", exception);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new NodeRun(-1, $"{Text(output)}{Environment.NewLine}(killed after {timeout.TotalSeconds:0} s)");
        }

        // WaitForExitAsync returns after the redirected streams reached their end.
        return new NodeRun(process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string FindDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CleanProxy.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "EndToEnd");
            }
        }

        throw new InvalidOperationException("CleanProxy.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Exit code (-1 when killed on timeout) and everything the process wrote to stdout and stderr.</summary>
public sealed record NodeRun(int ExitCode, string Output)
{
    /// <summary>The JSON after the script's last <c>RESULT </c> line.</summary>
    public System.Text.Json.Nodes.JsonNode? Result
        => Output.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal)) is { } line
            ? System.Text.Json.Nodes.JsonNode.Parse(line["RESULT ".Length..])
            : null;
}
