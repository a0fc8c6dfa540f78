/// A handover note written, or the notes of a shift confirmed read: checked before anything is
/// stored (a note is text a person wrote: lines, no control characters, not a file), with the
/// audit record that goes with it.
public enum HandoverDecision {
    /// The most a note holds, in Unicode scalars (combining marks cannot stack megabytes onto
    /// one "character"), and in lines.
    public static let maxText = 2000
    public static let maxLines = 40

    /// The note as it will be kept: line ends made `\n`, tabs spaces, trailing spaces and
    /// empty lines at either end gone.
    public static func add(
        _ text: String, shift: ShiftInstance, by actor: Actor, at now: Timestamp
    ) throws(Refusal) -> (
        text: String, audit: AuditRecord
    ) {
        var lines: [String] = []
        for raw in text.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for u in raw.unicodeScalars {
                if u == "\t" {
                    line += "    "
                } else if u.properties.generalCategory == .control || u.properties.generalCategory == .format && u.value != 0x200D {
                    throw Refusal(
                        "bad_note", "a note is text: it holds a control character (U+\(String(u.value, radix: 16, uppercase: true)))")
                } else {
                    line.unicodeScalars.append(u)
                }
            }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        let kept = lines.joined(separator: "\n")
        guard !kept.isEmpty else { throw Refusal("bad_note", "the note is empty: write what the next shift needs to know") }
        guard kept.unicodeScalars.count <= maxText else {
            throw Refusal("bad_note", "a note may hold at most \(maxText) characters; this one has \(kept.unicodeScalars.count)")
        }
        guard lines.count <= maxLines else {
            throw Refusal("bad_note", "a note may have at most \(maxLines) lines; this one has \(lines.count)")
        }
        let audit = actor.record("handover_add", "handover:\(shift.date)/\(shift.name)", at: now, after: kept)
        return (kept, audit)
    }

    /// The incoming lead read the notes of `shift`.
    public static func confirm(shift: ShiftInstance, notes: Int, by actor: Actor, at now: Timestamp) throws(Refusal) -> AuditRecord {
        guard notes > 0 else {
            throw Refusal("no_notes", "shift \(shift.name) of \(shift.date) left no handover notes: there is nothing to confirm")
        }
        return actor.record("handover_read", "handover:\(shift.date)/\(shift.name)", at: now, after: "read \(notes) note(s)")
    }

    /// The machines, orders and lots a note's text names, in the order it names them.
    public static func mentions(_ text: String, known: (String) -> Bool) -> [String] {
        var out: [String] = []
        var word = ""
        func take() {
            // A word ends a sentence with its full stop or comma; the id does not.
            while let last = word.last, ".,:;".contains(last) { word.removeLast() }
            if !word.isEmpty, !out.contains(word), out.count < 50, known(word) { out.append(word) }
            word = ""
        }
        for c in text {
            if c.isLetter || c.isNumber || "-_./:".contains(c) { word.append(c) } else { take() }
        }
        take()
        return out
    }
}

extension String {
    /// `\r\n` and lone `\r` as `\n`.
    func replacingCRLF() -> String {
        var out = ""
        var previousCR = false
        for u in unicodeScalars {
            if u == "\r" {
                out += "\n"
                previousCR = true
                continue
            }
            if u == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            out.unicodeScalars.append(u)
        }
        return out
    }
}
