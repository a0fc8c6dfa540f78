/// One plant an enterprise daemon shows (`enterprise:` of its plant file): the site's name as
/// people say it and the Sparkplug edge node its own Gemba publishes as (`mqtt.publish`).
/// The enterprise daemon learns the site's lines and machines from that node's births.
public struct EnterpriseSite: Sendable, Equatable {
    /// The site's name (`Plant1`); a remote machine's id on the enterprise floor is `<site>/<machine>`.
    public var site: String
    public var node: SparkplugNode

    public init(site: String, node: SparkplugNode) {
        self.site = site
        self.node = node
    }
}
