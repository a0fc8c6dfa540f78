import GembaCore

/// The console's lists whose selection a person moves and acts on. Each knows how to name
/// its rows by a stable id, so that a selection follows its item, never its row number: an
/// alarm that arrives above the selected one pushes the selected row down, and the selection
/// goes with it.
public enum SelectableList: Sendable, CaseIterable, Hashable {
    case alarms, audit, oee, holds, trace, orders, queue

    /// The selected row's index in the model.
    var index: WritableKeyPath<ConsoleModel, Int> {
        switch self {
        case .alarms: return \.alarmSelected
        case .audit: return \.auditSelected
        case .oee: return \.oeeSelected
        case .holds: return \.holdSelected
        case .trace: return \.traceSelected
        case .orders: return \.orderSelected
        case .queue: return \.queueSelected
        }
    }

    /// The rows' ids, in the order shown.
    func ids(_ m: ConsoleModel) -> [String] {
        switch self {
        case .alarms: return AlarmList.rows(m).map { $0.definition }
        case .audit: return m.visibleAudit.map { String($0.seq) }
        case .oee: return (m.oeeBoard?.rows ?? []).map { "\($0.kind.rawValue):\($0.id)" }
        case .holds: return m.holds.map { String($0.id) }
        case .trace:
            // A lot reached twice is one id per place in the tree: its path from the root.
            var path: [String] = []
            return TraceTree.rows(m).map { r in
                path = Array(path.prefix(r.level)) + [r.lot]
                return path.joined(separator: "/")
            }
        case .orders: return m.orders.map(\.id)
        case .queue: return m.queueMachineID.map { id in m.queue(of: id).map { "\($0.order)/\($0.index)" } } ?? []
        }
    }
}

extension ConsoleModel {
    /// After a key moved a list's selection: remember which item it is on.
    mutating func anchorSelection(_ list: SelectableList) {
        let ids = list.ids(self)
        selectedItems[list] = ids.indices.contains(self[keyPath: list.index]) ? ids[self[keyPath: list.index]] : nil
    }

    /// After a list changed (new data, a filter, another sort): find the selected item again.
    /// If it is gone, the selection stays at its row, which now shows its neighbour, and is
    /// anchored there.
    mutating func followSelection(_ list: SelectableList) {
        let ids = list.ids(self)
        if let id = selectedItems[list], let k = ids.firstIndex(of: id) {
            self[keyPath: list.index] = k
        } else {
            self[keyPath: list.index] = max(0, min(self[keyPath: list.index], ids.count - 1))
            selectedItems[list] = ids.indices.contains(self[keyPath: list.index]) ? ids[self[keyPath: list.index]] : nil
        }
    }

    /// Every list follows its selected item (after anything from the daemon).
    mutating func followSelections() {
        for list in SelectableList.allCases { followSelection(list) }
    }
}
