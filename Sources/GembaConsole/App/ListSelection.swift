import GembaCore

/// The console's lists whose selection a person moves and acts on. Each knows where its
/// `ListState` lives in the model and how to name its rows by a stable id, so that a
/// selection follows its item, never its row number: an alarm that arrives above the
/// selected one pushes the selected row down, and the selection goes with it.
public enum SelectableList: Sendable, CaseIterable, Hashable {
    case alarms, audit, oee, holds, trace, orders, queue, spc, maintenance, handover

    /// The list's state in the model.
    var state: WritableKeyPath<ConsoleModel, ListState> {
        switch self {
        case .alarms: return \.alarmsScreen.list
        case .audit: return \.auditScreen.list
        case .oee: return \.oeeScreen.list
        case .holds: return \.holdsScreen.list
        case .trace: return \.traceScreen.list
        case .orders: return \.ordersScreen.list
        case .queue: return \.queuesScreen.list
        case .spc: return \.spcScreen.list
        case .maintenance: return \.maintenanceScreen.list
        case .handover: return \.handoverScreen.list
        }
    }

    /// The screen the list is on.
    var screen: Screen {
        switch self {
        case .alarms: return .alarms
        case .audit: return .audit
        case .oee: return .oee
        case .holds: return .holds
        case .trace: return .trace
        case .orders: return .orders
        case .queue: return .queues
        case .spc: return .spc
        case .maintenance: return .maintenance
        case .handover: return .handover
        }
    }

    /// The rows' ids, in the order shown.
    func ids(_ m: ConsoleModel) -> [String] {
        switch self {
        case .alarms: return AlarmList.rows(m).map { $0.definition }
        case .audit: return m.visibleAudit.map { String($0.seq) }
        case .oee: return (m.oeeScreen.board?.rows ?? []).map { "\($0.kind.rawValue):\($0.id)" }
        case .holds: return m.holdsScreen.holds.map { String($0.id) }
        case .trace:
            // A lot reached twice is one id per place in the tree: its path from the root.
            var path: [String] = []
            return TraceTree.rows(m).map { r in
                path = Array(path.prefix(r.level)) + [r.lot]
                return path.joined(separator: "/")
            }
        case .orders: return m.ordersScreen.orders.map(\.id)
        case .spc: return (m.plant?.characteristics ?? []).map(\.id)
        case .maintenance: return (m.maintenanceScreen.board?.plans ?? []).map { "\($0.machine)/\($0.plan)" }
        case .handover: return (m.handoverScreen.board?.notes ?? []).map { String($0.id) }
        case .queue: return m.queueMachineID.map { id in m.queue(of: id).map { "\($0.order)/\($0.index)" } } ?? []
        }
    }
}

extension ConsoleModel {
    /// The item each list's selection is on (for tests and the prompt's wording).
    public var selectedItems: [SelectableList: String] {
        Dictionary(uniqueKeysWithValues: SelectableList.allCases.compactMap { l in self[keyPath: l.state].anchor.map { (l, $0) } })
    }

    /// After a key moved a list's selection: remember which item it is on.
    mutating func anchorSelection(_ list: SelectableList) {
        self[keyPath: list.state].anchor(in: list.ids(self))
    }

    /// After a list changed (new data, a filter, another sort): find the selected item again.
    mutating func followSelection(_ list: SelectableList) {
        self[keyPath: list.state].follow(list.ids(self))
    }

    /// Every list follows its selected item (after anything from the daemon).
    mutating func followSelections() {
        for list in SelectableList.allCases { followSelection(list) }
    }
}
