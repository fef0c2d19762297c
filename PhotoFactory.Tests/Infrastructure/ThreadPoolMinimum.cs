using System.Runtime.CompilerServices;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// On two cores the thread pool starts with two threads and adds more only slowly. Two test collections at once,
/// each with background services, timers and a blocked thread now and then, would starve one another on a loaded
/// machine and time out for want of a thread rather than for anything under test: enough threads from the start.
/// </summary>
internal static class ThreadPoolMinimum
{
    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 4), completionPorts);
    }
}
