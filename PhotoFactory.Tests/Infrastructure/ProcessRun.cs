using System.Diagnostics;
using System.Text;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>A real child process: its output captured, its exit awaited with a deadline, killed on dispose.</summary>
public sealed class ProcessRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ProcessRun(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StandardOutput
    {
        get { lock (_stdout) { return _stdout.ToString(); } }
    }

    public string StandardError
    {
        get { lock (_stderr) { return _stderr.ToString(); } }
    }

    public static ProcessRun Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A child must not inherit the test host's own Aspire or OTLP settings.
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var run = new ProcessRun(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Runs a .NET service assembly from this solution with the given arguments.</summary>
    public static ProcessRun StartService(string project, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        Start("dotnet", [ServiceBinaries.PathOf(project), .. arguments], environment);

    /// <summary>
    /// As <see cref="StartService"/>, held to file permissions as the deployed service is (uid 1000, every capability
    /// dropped): started by root, it runs without the capabilities that let root read and write past them.
    /// </summary>
    public static ProcessRun StartServiceHeldToPermissions(string project, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        Environment.IsPrivilegedProcess
            ? Start(RequiredBinary.Find("setpriv", "util-linux"),
                ["--bounding-set=-dac_override,-dac_read_search", "dotnet", ServiceBinaries.PathOf(project), .. arguments], environment)
            : StartService(project, arguments, environment);

    /// <summary>Writes <paramref name="text"/> to the process's standard input and closes it, as a pipe would.</summary>
    public void WriteInputAndClose(string text)
    {
        _process.StandardInput.Write(text);
        _process.StandardInput.Close();
    }

    /// <summary>Runs a command to its end (a minute at most) and fails the test, with its error output, unless it succeeds.</summary>
    public static async Task<string> SucceedAsync(string fileName, params string[] arguments)
    {
        await using var run = Start(fileName, arguments);
        var exit = await run.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, $"{fileName} {string.Join(' ', arguments)} failed ({exit}): {run.StandardError}");
        return run.StandardOutput;
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"process did not exit within {timeout}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash or power cut would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.CompletedTask;
        _process.Dispose();
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }
}
