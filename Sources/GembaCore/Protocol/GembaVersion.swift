/// The release every Gemba binary of one build carries: `gemba --version`, the daemon's facts,
/// and the check that `gemba console` hands over to a `gemba-console` of the same build (a
/// stale one left beside a new `gemba` would speak to the daemon as the old one did).
public enum GembaVersion {
    public static let current = "0.1.0"
}
