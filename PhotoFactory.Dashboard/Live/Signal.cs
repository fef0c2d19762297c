using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Dashboard.Live;

/// <summary>The colour a status is shown in; ordered from no news to bad news so the worst of two is the larger.</summary>
public enum Signal
{
    Grey,
    Green,
    Yellow,
    Red,
}

/// <summary>Turns reported states and heartbeat ages into colours.</summary>
public static class Signals
{
    public static Signal Of(ServiceState state) => state switch
    {
        ServiceState.Ok => Signal.Green,
        ServiceState.Warning => Signal.Yellow,
        ServiceState.Error => Signal.Red,
        _ => Signal.Grey,
    };

    /// <summary>
    /// Green while the heartbeat is at most one beat late (timers jitter and a write can wait on a lock),
    /// yellow while a few beats are missing, red once three or more in a row are.
    /// </summary>
    public static Signal OfHeartbeat(TimeSpan age, TimeSpan interval) =>
        age < 2 * interval ? Signal.Green
        : age < 4 * interval ? Signal.Yellow
        : Signal.Red;

    public static Signal Worst(Signal a, Signal b) => a > b ? a : b;
}
