import GembaCore

/// Handover notes in the console: `n` writes one line by line (an empty line keeps it), the
/// Handover screen shows the last shift's notes or this one's, and `c` confirms having read
/// the last shift's. The incoming lead is shown the notes left for them first, once per shift.
extension ConsoleApp {
    mutating func handover(_ action: ConsoleAction) -> [Effect] {
        switch action {
        case .showHandover:
            model.screen = .handover
            return [.request(.handover(.init(previous: model.handoverScreen.previous ? true : nil)))]
        case .refresh:
            return [.request(.handover(.init(previous: model.handoverScreen.previous ? true : nil)))]
        case .toggleShift:
            model.handoverScreen.previous.toggle()
            model.handoverScreen.board = nil
            return [.request(.handover(.init(previous: model.handoverScreen.previous ? true : nil)))]
        case .writeNote:
            let shift = model.shift.map { "shift \($0.name)" } ?? "this shift"
            model.prompt = TextPrompt(.handoverNote(lines: []), label: Self.noteLabel(shift: shift, lines: 0))
        case .confirmHandover:
            guard let b = model.handoverScreen.board, model.handoverScreen.previous else {
                model.notice = "l shows the last shift's notes: those are the ones to confirm"
                return []
            }
            guard !b.notes.isEmpty else {
                model.notice = "shift \(b.shift) left no notes: nothing to confirm"
                return []
            }
            return [.request(.handoverConfirm(.init(shift: b.shift, date: b.date)))]
        default: break
        }
        return []
    }

    static func noteLabel(shift: String, lines: Int) -> String {
        lines == 0
            ? "Note for the next shift (\(shift)), line 1 (Enter: next line):"
            : "Line \(lines + 1) (\(lines) kept; Enter on an empty line saves the note):"
    }

    /// Enter in the note prompt: a line kept and the next asked for; on an empty line, the note sent.
    mutating func noteLine(_ text: String, lines: [String]) -> [Effect] {
        guard !text.isEmpty else {
            guard !lines.isEmpty else {
                model.notice = "no note written"
                return []
            }
            return [.request(.handoverAdd(.init(text: lines.joined(separator: "\n"))))]
        }
        let kept = lines + [text]
        guard kept.count < HandoverDecision.maxLines else {
            model.notice = "a note has at most \(HandoverDecision.maxLines) lines: this one is sent now"
            return [.request(.handoverAdd(.init(text: kept.joined(separator: "\n"))))]
        }
        var next = TextPrompt(.handoverNote(lines: kept), label: Self.noteLabel(shift: "", lines: kept.count))
        next.text = ""
        model.prompt = next
        model.notice = kept.suffix(3).map { "│ " + $0 }.joined(separator: "  ")
        return []
    }

    /// A shift's notes as read. The arrival check's answer opens the screen when the last shift
    /// left notes this person has not confirmed.
    public mutating func received(_ board: HandoverBoard) {
        let arrival = model.handoverScreen.checking
        model.handoverScreen.checking = false
        if arrival {
            let confirmed = board.readBy.contains { $0.user == model.user }
            guard !board.notes.isEmpty, !confirmed else { return }
            model.handoverScreen.previous = true
            model.screen = .handover
            model.notice = "Shift \(board.shift) left \(board.notes.count) note(s) for you: read them, then c confirms"
        }
        model.handoverScreen.board = board
        model.followSelection(.handover)
    }

    /// A note kept: said, with what it names.
    public mutating func received(_ note: HandoverNote) {
        model.notice =
            "note \(note.id) kept for shift \(note.shift)" + (note.mentions.isEmpty ? "" : "; names \(note.mentions.joined(separator: ", "))")
    }

    /// Once per shift, for a person who may confirm: the notes the last shift left, asked for.
    public mutating func arrivalCheck() -> ConsoleRequest? {
        guard model.may(.writeHandover), let shift = model.shift else { return nil }
        let key = "\(shift.date)/\(shift.name)"
        guard model.handoverScreen.checkedShift != key else { return nil }
        model.handoverScreen.checkedShift = key
        model.handoverScreen.checking = true
        return .handover(.init(previous: true))
    }
}
