using System.Diagnostics;

namespace GroupReduce.Bench.Fuzz;

/// <summary>
/// Watches the input being parsed from another thread: past the hang limit the input is saved as a reproducer
/// (a parser cannot be aborted in process); past the give-up limit the run ends with what it has.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private readonly Thread _thread;
    private readonly TimeSpan _hang;
    private readonly TimeSpan _giveUp;
    private readonly Action<byte[]> _onHang;
    private readonly Action _onGiveUp;
    private readonly object _gate = new();
    private byte[]? _input;
    private long _started;
    private bool _reported;
    private volatile bool _stopped;

    public Watchdog(TimeSpan hang, TimeSpan giveUp, Action<byte[]> onHang, Action onGiveUp)
    {
        _hang = hang;
        _giveUp = giveUp;
        _onHang = onHang;
        _onGiveUp = onGiveUp;
        _thread = new Thread(Watch) { IsBackground = true, Name = "fuzz watchdog" };
        _thread.Start();
    }

    public void Begin(byte[] input)
    {
        lock (_gate)
        {
            _input = input;
            _started = Stopwatch.GetTimestamp();
            _reported = false;
        }
    }

    public void End()
    {
        lock (_gate)
        {
            _input = null;
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }

    private void Watch()
    {
        while (!_stopped)
        {
            Thread.Sleep(200);
            byte[]? hung = null;
            bool giveUp = false;
            lock (_gate)
            {
                if (_input is not null)
                {
                    TimeSpan elapsed = Stopwatch.GetElapsedTime(_started);
                    if (elapsed > _hang && !_reported)
                    {
                        _reported = true;
                        hung = _input;
                    }

                    giveUp = elapsed > _giveUp;
                }
            }

            if (hung is not null)
            {
                _onHang(hung);
            }

            if (giveUp)
            {
                _onGiveUp();
                return;
            }
        }
    }
}
