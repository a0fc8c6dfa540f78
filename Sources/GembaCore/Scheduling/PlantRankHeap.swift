/// A binary min-heap of integers, kept between uses to spare the allocation: the plant model's
/// incremental evaluation and its move estimate both visit operations in topological order by
/// pushing `rank × n + operation` and popping the smallest.
struct PlantRankHeap: Sendable {
    private var items: [Int] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    mutating func push(_ x: Int) {
        items.append(x)
        var k = items.count - 1
        while k > 0 {
            let parent = (k - 1) / 2
            guard items[parent] > x else { break }
            items[k] = items[parent]
            k = parent
        }
        items[k] = x
    }

    mutating func pop() -> Int? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        let top = items[0]
        let count = items.count
        var k = 0
        while true {
            var child = 2 * k + 1
            if child >= count { break }
            if child + 1 < count && items[child + 1] < items[child] { child += 1 }
            guard items[child] < last else { break }
            items[k] = items[child]
            k = child
        }
        items[k] = last
        return top
    }
}
