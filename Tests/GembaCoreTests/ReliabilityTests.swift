import GembaCore
import Testing

/// Issue 14: reliability from the intervals Gemba already keeps. A stop is a spell of down
/// that starts in the window (a reason changed mid-spell is the same stop); MTBF is running
/// time per stop, MTTR down time per stop; a line adds its machines up.
struct ReliabilityTests {
    static let s = Nanos.perSecond

    static func iv(_ state: MachineState, _ a: Int64, _ b: Int64, _ reason: String? = nil, machine: String = "press-01") -> StateInterval {
        StateInterval(machine: machine, state: state, reason: reason, start: a * s, end: b * s)
    }

    /// Worked by hand: window [50, 500). Running 50–100 and 160–400: 290 s. Stops: the spell
    /// 100–160 (jam, then tool_change) and 400–450: 2 stops, 60 + 50 = 110 s down.
    /// MTBF 290 / 2 = 145 s, MTTR 110 / 2 = 55 s. Idle and planned stops are not failures.
    @Test func aSpellOfDownIsOneStopAndTheMeansAreTimePerStop() {
        let t = ReliabilityTally(
            intervals: [
                Self.iv(.running, 0, 100), Self.iv(.down, 100, 130, "jam"), Self.iv(.down, 130, 160, "tool_change"), Self.iv(.running, 160, 400),
                Self.iv(.down, 400, 450), Self.iv(.idle, 450, 480), Self.iv(.plannedStop, 480, 600),
            ].shuffled(), from: 50 * Self.s, to: 500 * Self.s)
        #expect(t.stops == 2)
        #expect(t.runningSeconds == 290)
        #expect(t.downSeconds == 110)
        #expect(t.mtbf == 145)
        #expect(t.mttr == 55)
    }

    /// A spell that began before the window is not one of its stops, even where its reason
    /// changes inside the window; one going on at the window's end counts its time inside.
    @Test func theWindowOwnsTheStopsThatStartInIt() {
        let t = ReliabilityTally(
            intervals: [
                Self.iv(.down, 0, 80, "jam"), Self.iv(.down, 80, 120, "tool_change"), Self.iv(.running, 120, 300), Self.iv(.down, 300, 900),
            ], from: 50 * Self.s, to: 400 * Self.s)
        #expect(t.stops == 1)
        #expect(t.downSeconds == 100)
        #expect(t.runningSeconds == 180)
        // Touching is what joins a spell: down, a moment of running, down again are two stops.
        let two = ReliabilityTally(
            intervals: [Self.iv(.down, 0, 10), Self.iv(.running, 10, 11), Self.iv(.down, 11, 20)], from: 0, to: 20 * Self.s)
        #expect(two.stops == 2)
    }

    @Test func noStopHasNoMeanAndALineAddsItsMachinesUp() {
        let quiet = ReliabilityTally(intervals: [Self.iv(.running, 0, 3600)], from: 0, to: 3600 * Self.s)
        #expect(quiet.stops == 0 && quiet.mtbf == nil && quiet.mttr == nil, "no stop: no mean, not infinity or zero")
        let busy = ReliabilityTally(
            intervals: [Self.iv(.running, 0, 1000), Self.iv(.down, 1000, 1300), Self.iv(.running, 1300, 3600)], from: 0, to: 3600 * Self.s)
        let line = quiet + busy
        #expect(line.stops == 1)
        #expect(line.mtbf == 6900.0, "sums, not averages: (3600 + 3300) s running per stop")
        #expect(line.mttr == 300)
    }
}
