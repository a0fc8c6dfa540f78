/// Editing the typed line as readline does: the cursor moves with ←, →, Home, End,
/// Ctrl-A and Ctrl-E; Backspace and Delete take the character before and under it;
/// Ctrl-U, Ctrl-K and Ctrl-W take everything before it, everything from it, and the
/// word before it. People at a terminal know these keys from their shell.
extension TextPrompt {
    /// The longest line a prompt takes: longer than any comment, lot id or order line.
    static let maximumLength = 200

    /// Applies one editing key; false when the key is not an editing key (Enter, Esc, …).
    mutating func edit(_ key: Key) -> Bool {
        var chars = Array(text)
        cursor = max(0, min(cursor, chars.count))
        switch key {
        case .char(let c):
            if offered {
                // A key typed over an offer replaces it, as over a selected field.
                chars = []
                cursor = 0
            }
            guard chars.count < Self.maximumLength else { break }
            chars.insert(c, at: cursor)
            cursor += 1
        case .backspace:
            // Backspace edits an offer (its last digit was wrong) rather than replacing it.
            if cursor > 0 {
                chars.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete, .ctrl("d"):
            if cursor < chars.count { chars.remove(at: cursor) }
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(chars.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = chars.count
        case .ctrl("u"):
            chars.removeSubrange(0..<cursor)
            cursor = 0
        case .ctrl("k"):
            chars.removeSubrange(cursor..<chars.count)
        case .ctrl("w"):
            // The word before the cursor and the spaces after it, as readline's unix-word-rubout.
            var start = cursor
            while start > 0, chars[start - 1] == " " { start -= 1 }
            while start > 0, chars[start - 1] != " " { start -= 1 }
            chars.removeSubrange(start..<cursor)
            cursor = start
        default:
            return false
        }
        offered = false
        text = String(chars)
        return true
    }
}
