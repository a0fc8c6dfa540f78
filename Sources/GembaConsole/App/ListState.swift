/// A list's own state, as ratatui's `ListState` is: the row selected, the item it is on (by
/// a stable id), and how it moves. A selection follows its item, never its row number: when
/// the rows change (new data, a filter, another sort) the selection finds its item again, or
/// stays at its row, which then shows its neighbour, and is anchored there. Nothing is acted
/// on that the person did not see selected.
public struct ListState: Sendable, Equatable {
    /// The selected row.
    public var selected = 0
    /// The id of the item the selection is on.
    public var anchor: String?

    public init(selected: Int = 0) { self.selected = selected }

    /// The keys that move a selection.
    public enum Move: Sendable, Equatable {
        case up, down, first, last, pageUp, pageDown
    }

    /// Moves the selection among `count` rows (`page` rows at a time for the page keys).
    public mutating func move(_ m: Move, count: Int, page: Int) {
        let target: Int
        switch m {
        case .up: target = selected - 1
        case .down: target = selected + 1
        case .first: target = 0
        case .last: target = count - 1
        case .pageUp: target = selected - max(1, page)
        case .pageDown: target = selected + max(1, page)
        }
        selected = max(0, min(count - 1, target))
    }

    /// After the person moved the selection: remember which item it is on.
    public mutating func anchor(in ids: [String]) {
        anchor = ids.indices.contains(selected) ? ids[selected] : nil
    }

    /// After the rows changed: find the selected item again, or keep the row (its neighbour).
    public mutating func follow(_ ids: [String]) {
        if let anchor, let k = ids.firstIndex(of: anchor) {
            selected = k
        } else {
            selected = max(0, min(selected, ids.count - 1))
            anchor(in: ids)
        }
    }

    /// The rows shown in a window of `height` rows: from the first that keeps the selection
    /// in view (at the bottom edge when it is below the first page).
    public func window(count: Int, height: Int) -> Range<Int> {
        let h = max(1, height)
        let first = max(0, min(selected - h + 1, count - h))
        return first..<min(count, first + h)
    }
}
