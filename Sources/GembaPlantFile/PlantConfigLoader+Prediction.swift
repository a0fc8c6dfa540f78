import GembaCore
import Yams

/// The `prediction:` section: `{ window: 2h, horizon: 4h, priority: low }`, or `off`.
extension PlantConfigLoader {
    mutating func parsePrediction(_ node: Node) -> PredictionConfig {
        var out = PredictionConfig()
        if let text = node.scalar?.string {
            if ["off", "false", "no"].contains(text) {
                out.enabled = false
            } else {
                fail(node, "prediction must be off or a mapping such as { window: 2h, horizon: 4h }, not \"\(text)\"")
            }
            return out
        }
        guard let m = node.mapping else {
            fail(node, "prediction must be off or a mapping such as { window: 2h, horizon: 4h }")
            return out
        }
        checkKeys(m, allowed: ["window", "horizon", "priority"], context: "prediction")
        if let v = m["window"], let d = duration(v, "prediction.window") {
            if d < 600 || d > 7 * 86_400 {
                fail(v, "prediction.window must be from 10m to 7d (a trend needs at least 10 minute means)")
            } else {
                out.window = d
            }
        }
        if let v = m["horizon"], let d = duration(v, "prediction.horizon") {
            if d < 60 || d > 30 * 86_400 { fail(v, "prediction.horizon must be from 1m to 30d") } else { out.horizon = d }
        }
        if let p = m["priority"] {
            if let text = p.scalar?.string, let v = AlarmPriority(rawValue: text) {
                out.priority = v
            } else {
                fail(p, "prediction.priority must be one of: critical, high, medium, low")
            }
        }
        return out
    }
}
