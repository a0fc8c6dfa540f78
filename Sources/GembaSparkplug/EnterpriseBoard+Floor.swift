import GembaCore

/// The enterprise board as a console's floor and OEE screen show it: each site's lines as
/// `<site>/<line>`, named `<site> · <line name>`, its machines as `<site>/<machine>` with the
/// site named, and OEE rows for the enterprise, each site and each line from the sites' sums.
extension EnterpriseBoard {
    /// Every site's lines, in the order of `enterprise:` and of each site's birth. A machine
    /// whose line its plant did not name is shown under a line `<site>/-`.
    package var floorLines: [PlantSummary.Line] {
        var out: [PlantSummary.Line] = []
        for site in sites {
            for id in site.lines {
                let machines = site.machines.filter { $0.line == id }.map { site.qualified($0.id) }
                out.append(PlantSummary.Line(id: site.qualified(id), name: site.config.site + " · " + (site.lineNames[id] ?? id), machines: machines))
            }
            let unplaced = site.machines.filter { site.lineNames[$0.line] == nil }.map { site.qualified($0.id) }
            if !unplaced.isEmpty {
                out.append(PlantSummary.Line(id: site.qualified("-"), name: site.config.site + " · (no line)", machines: unplaced))
            }
        }
        return out
    }

    /// Every site's machines as the floor shows them.
    package var machineStatuses: [MachineStatus] {
        sites.flatMap { site in site.machines.map { status(of: $0, in: site) } }
    }

    /// One machine (by its enterprise id, `<site>/<machine>`), nil when no site has it.
    package func status(of id: String) -> MachineStatus? {
        for site in sites where id.hasPrefix(site.config.site + "/") {
            if let m = site.machines.first(where: { site.qualified($0.id) == id }) { return status(of: m, in: site) }
        }
        return nil
    }

    private func status(of m: Machine, in site: Site) -> MachineStatus {
        var live = MachineLive(id: site.qualified(m.id), since: m.since)
        live.state = m.state
        live.reason = m.reason
        live.shiftTotal = m.good.clampedAdding(m.reject)
        live.shiftReject = m.reject
        live.lastSeen = m.lastSeen == 0 ? nil : m.lastSeen
        let line = site.lineNames[m.line] == nil ? site.qualified("-") : site.qualified(m.line)
        var status = MachineStatus(live: live, config: MachineConfig(id: live.id, name: m.name, lineID: line, idealCycleTime: 0))
        status.oee = m.oee
        status.site = site.config.site
        return status
    }

    /// OEE rows: the enterprise (every site's plant sums added), then each site and its lines.
    /// A site's shift is its own; the rows carry the current shift's figures of each.
    package func oeeRows(enterprise name: String, convention: OEEConvention) -> [OEEBoardRow] {
        // The plants' ledgers through the same calculation a plant makes (the shift calendar plays no part in it).
        let calc = OEECalculator(calendar: ShiftCalendar(shifts: [], timezone: "UTC"), convention: convention)
        func result(_ sums: OEESums?, scope: String) -> OEEResult? {
            guard let sums else { return nil }
            var r = calc.result(sums.ledger, scope: scope, from: 0, to: 0, asOf: 0)
            (r.from, r.to, r.provisional) = ("", "", true)
            return r
        }
        func row(_ kind: OEEBoardRow.Kind, _ id: String, _ name: String, _ sums: OEESums?) -> OEEBoardRow {
            OEEBoardRow(kind: kind, id: id, name: name, current: result(sums, scope: id), last: nil, hourly: [], pareto: [])
        }
        // A site whose node is dead shows its last figures, marked, and leaves the enterprise's sum.
        let live = sites.filter(\.online).compactMap(\.plantSums)
        let counted = sites.count == live.count ? "" : " (\(live.count) of \(sites.count) sites)"
        var rows = [row(.plant, "enterprise", name + counted, live.isEmpty ? nil : live.reduce(OEESums(), +))]
        for site in sites {
            let title = site.config.site + (site.plantName.map { " (\($0))" } ?? "") + (site.online ? "" : " OFFLINE")
            rows.append(row(.plant, site.config.site, title, site.plantSums))
            for id in site.lines {
                rows.append(row(.line, site.qualified(id), site.lineNames[id] ?? id, site.lineSums[id]))
            }
        }
        return rows
    }
}
