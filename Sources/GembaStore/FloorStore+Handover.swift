import Foundation
import GRDB
import GembaCore

/// Handover notes and their confirmations, each written in one transaction with its audit record.
extension FloorStore {
    /// A note as stored, before its mentions are found.
    public struct StoredNote: Sendable, Equatable {
        public var id: Int64
        public var at: Timestamp
        public var user: String
        public var text: String
    }

    /// Keeps a note of `shift`; returns its id.
    public func addHandoverNote(_ text: String, shift: ShiftInstance, user: String, at: Timestamp, audit: AuditRecord) throws -> Int64 {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO handover_note(shift, shift_date, shift_start_ns, at_ns, user, text) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [shift.name, shift.date, shift.start, at, user, text])
            let id = db.lastInsertedRowID
            _ = try append(audit, db)
            return id
        }
    }

    /// The notes of the shift that started at `shiftStart`, oldest first.
    public func handoverNotes(shiftStart: Timestamp) throws -> [StoredNote] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, at_ns, user, text FROM handover_note WHERE shift_start_ns = ? ORDER BY id", arguments: [shiftStart]
            ).map { StoredNote(id: $0["id"], at: $0["at_ns"], user: $0["user"], text: $0["text"]) }
        }
    }

    /// Who confirmed reading the notes of the shift that started at `shiftStart`, first first.
    public func handoverReads(shiftStart: Timestamp) throws -> [(user: String, at: Timestamp)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT user, at_ns FROM handover_read WHERE shift_start_ns = ? ORDER BY at_ns, user", arguments: [shiftStart])
                .map { ($0["user"], $0["at_ns"]) }
        }
    }

    /// Records that `user` read the notes (a second confirmation keeps the first time, and is audited too).
    public func confirmHandover(shiftStart: Timestamp, user: String, at: Timestamp, audit: AuditRecord) throws -> AuditRecord {
        try pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO handover_read(shift_start_ns, user, at_ns) VALUES (?, ?, ?)", arguments: [shiftStart, user, at])
            return try append(audit, db)
        }
    }
}
