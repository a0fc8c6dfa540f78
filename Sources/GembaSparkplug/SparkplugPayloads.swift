import GembaCore
import SwiftProtobuf

/// Payloads Gemba writes as a host application.
package enum SparkplugPayloads {
    /// `NCMD` asking an edge node to publish its births again: the Boolean metric
    /// `Node Control/Rebirth` = true.
    package static func rebirthRequest(at now: Timestamp) -> [UInt8] {
        var metric = SparkplugB_Payload.Metric()
        metric.name = "Node Control/Rebirth"
        metric.datatype = SparkplugValue.DataType.boolean.rawValue
        metric.booleanValue = true
        var p = SparkplugB_Payload()
        p.timestamp = UInt64(max(0, now / Nanos.perMillisecond))
        p.metrics = [metric]
        // Serializing a message built here cannot fail (no required fields, no unknown extensions).
        return (try? p.serializedBytes()) ?? []
    }
}

extension SparkplugPayloads {
    /// True for an NCMD payload with `Node Control/Rebirth` = true.
    package static func isRebirthRequest(_ bytes: [UInt8]) -> Bool {
        // A payload that does not decode is no rebirth request: the command is ignored, as any other would be.
        guard let p = try? SparkplugB_Payload(serializedBytes: bytes) else { return false }
        return p.metrics.contains { m in
            guard m.hasName, m.name == "Node Control/Rebirth", case .booleanValue(true)? = m.value else { return false }
            return true
        }
    }
}
