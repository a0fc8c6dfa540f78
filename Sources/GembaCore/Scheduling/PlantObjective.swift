/// What the plant search minimises, as one comparable value: (weighted tardiness, makespan), or
/// the reverse when the plant minimises makespan, compared in that order. A type rather than a
/// tuple so that searches can hand it to each other with their schedules and compare it.
struct PlantObjective: Comparable, Sendable {
    var first: Int
    var second: Int

    init(first: Int, second: Int) {
        self.first = first
        self.second = second
    }

    init(tardiness: Int, makespan: Int, of objective: SchedulingConfig.Objective) {
        self = objective == .tardiness ? PlantObjective(first: tardiness, second: makespan) : PlantObjective(first: makespan, second: tardiness)
    }

    static func < (a: PlantObjective, b: PlantObjective) -> Bool { (a.first, a.second) < (b.first, b.second) }
}
