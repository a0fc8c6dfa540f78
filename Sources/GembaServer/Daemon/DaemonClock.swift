import GembaCore

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's wall clock, the only clock the server reads; the engine never does.
public enum DaemonClock {
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(ts.tv_sec) * Nanos.perSecond + Timestamp(ts.tv_nsec)
    }
}
