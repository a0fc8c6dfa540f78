/// Where each machine tile goes on the floor board for a given width: lines one
/// under the other, each with a title row and its machines in rows of tiles.
public struct FloorLayout: Sendable, Equatable {
    /// Rows of a tile, and the narrowest a tile may be.
    public static let tileHeight = 4
    public static let minimumTileWidth = 20

    public struct Placement: Sendable, Equatable {
        public var machine: String
        /// Row from the top of the board (before scrolling), column in cells.
        public var row: Int
        public var column: Int
        /// Index of the visual row of tiles this tile is on.
        public var visualRow: Int
        /// Position within that visual row.
        public var slot: Int
    }

    public struct LineTitle: Sendable, Equatable {
        public var text: String
        public var row: Int
    }

    public var columns: Int
    public var tileWidth: Int
    public var placements: [Placement]
    public var titles: [LineTitle]
    public var totalRows: Int
    /// Machine indices (in plant order) of each visual row.
    public var visualRows: [[Int]]

    public init(lines: [(title: String, machines: [String])], width: Int) {
        // As many tiles a row as fit, but no more than the longest line needs:
        // on a wide terminal the tiles grow instead of leaving the right side empty.
        let longest = lines.map(\.machines.count).max() ?? 1
        columns = max(1, min(width / Self.minimumTileWidth, max(1, longest)))
        tileWidth = max(1, width / columns)
        placements = []
        titles = []
        visualRows = []
        var row = 0
        var index = 0
        for line in lines {
            titles.append(LineTitle(text: line.title, row: row))
            row += 1
            var k = 0
            while k < line.machines.count {
                var visual: [Int] = []
                for slot in 0..<columns where k < line.machines.count {
                    placements.append(
                        Placement(machine: line.machines[k], row: row, column: slot * tileWidth, visualRow: visualRows.count, slot: slot))
                    visual.append(index)
                    index += 1
                    k += 1
                }
                visualRows.append(visual)
                row += Self.tileHeight
            }
            row += 1
        }
        totalRows = max(0, row - 1)
    }

    /// The index reached by moving from `index` one visual row up (-1) or down (+1), keeping the column.
    public func vertical(from index: Int, by delta: Int) -> Int {
        guard let p = placements.indices.contains(index) ? placements[index] : nil else { return index }
        let target = p.visualRow + delta
        guard visualRows.indices.contains(target) else { return index }
        let row = visualRows[target]
        return row[min(p.slot, row.count - 1)]
    }
}
