/// `metrics: { listen: 127.0.0.1:9464 }`: where the daemon serves `/metrics` for a
/// monitoring system to scrape. Absent: no metrics endpoint.
public struct MetricsConfig: Sendable, Equatable {
    /// An IP address (IPv4, or IPv6 without brackets) or `localhost`.
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port` as the plant file spells it (`[::1]:9464` for IPv6).
    public var listen: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
