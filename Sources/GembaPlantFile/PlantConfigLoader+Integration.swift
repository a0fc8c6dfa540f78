import GembaCore
import Yams

/// `reports:` (where and how shift reports are written) and `erp:` (the ERP's drop folders).
extension PlantConfigLoader {
    mutating func parseReports(_ node: Node) -> ReportsConfig {
        var out = ReportsConfig()
        if let text = node.scalar?.string {
            if ["off", "false", "no"].contains(text) {
                out.enabled = false
            } else {
                fail(node, "reports must be off or a mapping such as { folder: /var/lib/gemba/reports, formats: [html, text] }, not \"\(text)\"")
            }
            return out
        }
        guard let m = node.mapping else {
            fail(node, "reports must be off or a mapping such as { folder: /var/lib/gemba/reports, formats: [html, text] }")
            return out
        }
        checkKeys(m, allowed: ["folder", "formats"], context: "reports")
        if let f = m["folder"], let path = absoluteFolder(f, "reports.folder") { out.folder = path }
        if let f = m["formats"] {
            let items = f.sequence.map(Array.init) ?? [f]
            var formats: [ReportsConfig.Format] = []
            for item in items {
                guard let text = item.scalar?.string, let format = ReportsConfig.Format(rawValue: text) else {
                    fail(
                        item,
                        "reports.formats takes \(ReportsConfig.Format.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(item.scalar?.string ?? "a list or mapping")\""
                    )
                    continue
                }
                if !formats.contains(format) { formats.append(format) }
            }
            if formats.isEmpty { fail(f, "reports.formats needs at least one format (or reports: off)") } else { out.formats = formats }
        }
        return out
    }

    mutating func parseERP(_ node: Node) -> ERPConfig? {
        guard let m = node.mapping else {
            fail(node, "erp must be a mapping such as { inbox: /var/lib/gemba/erp/in, outbox: /var/lib/gemba/erp/out, export_every: shift }")
            return nil
        }
        checkKeys(m, allowed: ["inbox", "outbox", "export_every"], context: "erp")
        var out = ERPConfig()
        if let f = m["inbox"] { out.inbox = absoluteFolder(f, "erp.inbox") }
        if let f = m["outbox"] { out.outbox = absoluteFolder(f, "erp.outbox") }
        if let e = m["export_every"] {
            if e.scalar?.string == "shift" {
                out.exportEvery = "shift"
            } else {
                fail(e, "erp.export_every must be shift (a performance document per shift)")
            }
        }
        if out.inbox == nil && out.outbox == nil { fail(node, "erp needs an inbox, an outbox or both") }
        if let i = out.inbox, let o = out.outbox, i == o {
            fail(m["outbox"], "erp.outbox must not be the inbox (documents written there would be imported)")
        }
        return out
    }

    /// An absolute folder path (the daemon's working directory is not the plant file's).
    mutating func absoluteFolder(_ node: Node, _ key: String) -> String? {
        guard let path = node.scalar?.string, path.hasPrefix("/"), !path.contains("\u{0}") else {
            fail(node, "\(key) must be an absolute folder path (/var/lib/gemba/...), not \"\(node.scalar?.string ?? "a list or mapping")\"")
            return nil
        }
        return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
