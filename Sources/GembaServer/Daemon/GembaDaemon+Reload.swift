import Foundation
import GembaCore
import GembaPlantFile
import Logging
import NIOConcurrencyHelpers

/// `gemba reload` and SIGHUP: the plant file read again. Roles, alarms and the
/// shelve limit apply at once; what the running engine is built on (lines,
/// machines, shifts, listeners, time zone) waits for a restart and is named.
extension GembaDaemon {
    /// The access rules in effect (after any reload).
    public var accessConfig: AccessConfig { access.withLockedValue { $0 } }

    public func reload(by identity: Identity) throws(ProtocolError) -> ReloadResult {
        guard let path = options.configPath else {
            throw ProtocolError(code: "unavailable", message: "this daemon was started without a plant file to read again")
        }
        let now = options.clock()
        let object = "config:\(path)"
        let new: PlantConfig
        do throws(ConfigErrors) {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ConfigErrors([ConfigError(file: path, line: 1, column: 1, message: "cannot read the file")])
            }
            new = try PlantConfigLoader.load(yaml: text, file: path)
        } catch {
            let refusal = "nothing was changed: \(error.description)"
            do {
                try service.appendRefusal(
                    identity.actor.record(
                        Permission.reloadConfig.rawValue, object, at: now, outcome: "refused: the file has \(error.errors.count) error(s)"))
            } catch {
                throw ProtocolError(code: "bad_config", message: refusal + " (and the refusal could not be recorded: \(error))")
            }
            throw ProtocolError(code: "bad_config", message: refusal)
        }
        let old = effective.withLockedValue { $0 }
        var changed: [String] = []
        var pending: [String] = []
        if new.access.roles != old.access.roles || new.access.unknownUsers != old.access.unknownUsers {
            access.withLockedValue {
                $0.roles = new.access.roles
                $0.unknownUsers = new.access.unknownUsers
            }
            changed.append("roles")
        }
        if new.access.consoleGroup != old.access.consoleGroup { pending.append("console_group") }
        if new.alarms != old.alarms || new.maximumShelve != old.maximumShelve || new.prediction != old.prediction {
            let diff = floor.reconfigureAlarms(new.alarms, maximumShelve: new.maximumShelve, prediction: new.prediction, at: now)
            changed +=
                diff.added.map { "alarm \($0) added" } + diff.removed.map { "alarm \($0) removed" }
                + diff.changed.map { "alarm \($0) changed" }
            if new.maximumShelve != old.maximumShelve { changed.append("max_shelve") }
            if new.prediction != old.prediction { changed.append("prediction") }
        }
        if new.lines != old.lines { pending.append("lines") }
        if new.shifts != old.shifts { pending.append("shifts") }
        if new.listeners != old.listeners { pending.append("listeners") }
        if new.timezone != old.timezone { pending.append("timezone") }
        if new.commLossTimeout != old.commLossTimeout { pending.append("comm_loss_timeout") }
        if new.downtimeReasons != old.downtimeReasons { pending.append("downtime_reasons") }
        if new.microStopThreshold != old.microStopThreshold { pending.append("micro_stop_threshold") }
        if new.maxClockSkew != old.maxClockSkew { pending.append("max_clock_skew") }
        if new.maxCounterRate != old.maxCounterRate { pending.append("max_counter_rate") }
        if new.maxProcessValues != old.maxProcessValues { pending.append("max_process_values") }
        if new.history != old.history { pending.append("history") }
        if new.spc != old.spc { pending.append("spc") }
        if new.maintenance != old.maintenance { pending.append("maintenance") }
        if new.plant != old.plant { pending.append("plant") }
        // Read once at start by the services that use them.
        if new.stopGrace != old.stopGrace { pending.append("stop_grace") }
        if new.auditKeyPath != old.auditKeyPath { pending.append("audit_key") }
        if new.maxQueryWindow != old.maxQueryWindow { pending.append("max_query_window") }
        if new.metrics != old.metrics { pending.append("metrics") }
        if new.reports != old.reports { pending.append("reports") }
        if new.erp != old.erp { pending.append("erp") }
        if new.products != old.products { pending.append("products") }
        if new.materials != old.materials { pending.append("materials") }
        if new.scheduling != old.scheduling { pending.append("scheduling") }
        // Connections are made at start: a new broker, device or site waits for a restart.
        if new.mqtt != old.mqtt { pending.append("mqtt") }
        if new.modbus != old.modbus { pending.append("modbus") }
        if new.enterprise != old.enterprise { pending.append("enterprise") }
        effective.withLockedValue { e in
            e.access.roles = new.access.roles
            e.access.unknownUsers = new.access.unknownUsers
            e.alarms = new.alarms
            e.maximumShelve = new.maximumShelve
        }
        func summary(_ c: PlantConfig) -> String {
            let entries = c.access.roles.values.reduce(0) { $0 + $1.count }
            return
                "roles: \(entries) entries, unknown users \(c.access.unknownUsers?.rawValue ?? "none"); alarms: \(c.alarms.count); max_shelve \(DurationText.format(c.maximumShelve))"
        }
        let comment =
            (changed.isEmpty ? "no change" : changed.joined(separator: "; "))
            + (pending.isEmpty ? "" : "; after a restart: " + pending.joined(separator: ", "))
        hub.publishAlarms(floor.alarmBoard(now: now), shift: service.currentShift(now: now), now: now)
        let record: AuditRecord
        do {
            record = try service.audit(
                identity: identity, action: Permission.reloadConfig.rawValue, object: object, before: summary(old), after: summary(new),
                comment: comment)
        } catch {
            // The new roles and alarms are in force already (they live in memory): say so, loudly.
            logger.error("reload by \(identity.user) applied (\(comment)) but its audit record could not be written: \(error)")
            throw ProtocolError(
                code: "store_error", message: "the plant file was reloaded (\(comment)), but its audit record could not be written: \(error)")
        }
        return ReloadResult(file: path, changed: changed, pendingRestart: pending, audit: record.seq)
    }
}
