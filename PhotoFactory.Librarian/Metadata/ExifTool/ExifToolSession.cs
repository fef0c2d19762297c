using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using CliWrap;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// One running <c>exiftool -stay_open True -@ -</c> process: commands go in on stdin one argument per line, each
/// ended by <c>-executeN</c>; the answer is everything on stdout up to <c>{readyN}</c>. Not thread-safe:
/// <see cref="ExifToolProcess"/> sends one command at a time.
/// </summary>
internal sealed class ExifToolSession : IAsyncDisposable
{
    private const int KeptErrorLines = 20;

    private readonly Channel<string> _commands = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<(int Id, string Body)> _answers = Channel.CreateUnbounded<(int, string)>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly CancellationTokenSource _kill = new();
    private readonly Task _execution;

    private ExifToolSession(string exifToolPath, IReadOnlyList<string> commonArguments)
    {
        var command = Cli.Wrap(exifToolPath)
            .WithArguments(["-stay_open", "True", "-@", "-", "-common_args", .. commonArguments])
            .WithStandardInputPipe(PipeSource.Create(WriteCommandsAsync))
            .WithStandardOutputPipe(PipeTarget.Create(ReadAnswersAsync))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(KeepError))
            .WithValidation(CommandResultValidation.None);

        // Throws at once when the executable cannot be started.
        var task = command.ExecuteAsync(_kill.Token, CancellationToken.None);
        ProcessId = task.ProcessId;
        _execution = ObserveAsync(task);
    }

    public int ProcessId { get; }

    /// <summary>How many commands this process has answered.</summary>
    public int Answered { get; private set; }

    public bool HasExited => _execution.IsCompleted;

    /// <summary>Starts exiftool; throws when the executable is missing or cannot run.</summary>
    public static ExifToolSession Start(string exifToolPath, IReadOnlyList<string> commonArguments) => new(exifToolPath, commonArguments);

    /// <summary>Runs one command; returns its stdout, or null when the process exited before answering.</summary>
    public async Task<string?> ExecuteAsync(IEnumerable<string> arguments, int id, CancellationToken cancellationToken)
    {
        while (_errors.TryDequeue(out _))
        {
        }

        var text = new StringBuilder();
        foreach (var argument in arguments)
        {
            text.Append(argument).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"-execute{id}\n");
        if (!_commands.Writer.TryWrite(text.ToString()))
        {
            return null;
        }

        while (await _answers.Reader.WaitToReadAsync(cancellationToken))
        {
            while (_answers.Reader.TryRead(out var answer))
            {
                if (answer.Id == id)
                {
                    Answered++;
                    return answer.Body;
                }
            }
        }

        return null;
    }

    /// <summary>What exiftool wrote on stderr since the current command was sent.</summary>
    public string? Errors() => _errors.IsEmpty ? null : string.Join(" ", _errors);

    public async ValueTask DisposeAsync()
    {
        _commands.Writer.TryWrite("-stay_open\nFalse\n");
        _commands.Writer.TryComplete();
        try
        {
            await _execution.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            await _kill.CancelAsync();
            await _execution;
        }

        _kill.Dispose();
    }

    private async Task WriteCommandsAsync(Stream stdin, CancellationToken cancellationToken)
    {
        await foreach (var command in _commands.Reader.ReadAllAsync(cancellationToken))
        {
            await stdin.WriteAsync(Encoding.UTF8.GetBytes(command), cancellationToken);
            await stdin.FlushAsync(cancellationToken);
        }
    }

    private async Task ReadAnswersAsync(Stream stdout, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stdout, Encoding.UTF8);
        var body = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("{ready", StringComparison.Ordinal) && line.EndsWith('}')
                && int.TryParse(line.AsSpan(6, line.Length - 7), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                _answers.Writer.TryWrite((id, body.ToString()));
                body.Clear();
            }
            else
            {
                body.Append(line).Append('\n');
            }
        }

        _answers.Writer.TryComplete();
    }

    private void KeepError(string line)
    {
        _errors.Enqueue(line);
        while (_errors.Count > KeptErrorLines && _errors.TryDequeue(out _))
        {
        }
    }

    private async Task ObserveAsync(CommandTask<CommandResult> task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Killed on purpose (timeout or shutdown) or the pipes broke: either way the process is gone, which
            // completing the answers below tells the waiting command.
        }
        finally
        {
            _answers.Writer.TryComplete();
        }
    }
}
