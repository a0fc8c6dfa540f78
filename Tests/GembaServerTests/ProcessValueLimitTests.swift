import Foundation
import GembaCore
import GembaPlantFile
import GembaServer
import GembaTesting
import Testing

/// A source sending ever new field names must not grow the daemon without bound (issue 12): a
/// machine keeps at most `max_process_values` (256) distinct process values; a line that would
/// add one more is refused naming the machine, the field and the limit, and the names the
/// machine has keep working.
@Suite(.serialized)
struct ProcessValueLimitTests {
    @Test func aLineAddingANamePastTheLimitIsRefusedAndKnownNamesKeepWorking() throws {
        let h = try DaemonHarness()
        let now = DaemonClock.now() - 10 * Nanos.perSecond
        try h.send((0..<300).map { "process,machine=press-01 f\($0)=1.5 \(now)" })
        var s = try h.waitFor("300 lines") { $0.telemetry.received == 300 }
        #expect(s.telemetry.accepted == 256)
        #expect(s.telemetry.rejected == 44)
        #expect(s.machines.first { $0.id == "press-01" }?.processValues.count == 256)
        let reason = try #require(s.telemetry.errors.last?.reason)
        let expected =
            "press-01 has 256 process values and this line brings 1 new one; max_process_values (256) allows no more than 256: "
            + "\"f299\" would be one too many; line refused (its known fields are still taken)"
        #expect(reason == expected)

        // Known names keep working, also beside the state; a line with a known and a new name is refused whole.
        try h.send([
            "process,machine=press-01 f0=7.25,f255=8.5 \(now + Nanos.perSecond)",
            "process,machine=press-01 f1=9.5,f300=1 \(now + 2 * Nanos.perSecond)",
        ])
        s = try h.waitFor("the next two lines") { $0.telemetry.received == 302 }
        #expect(s.telemetry.accepted == 257)
        let values = try #require(s.machines.first { $0.id == "press-01" }?.processValues)
        #expect(values.count == 256)
        #expect(values.first { $0.name == "f0" }?.value == 7.25)
        #expect(values.first { $0.name == "f255" }?.value == 8.5)
        #expect(values.first { $0.name == "f1" }?.value == 1.5, "the refused line changed nothing")
        // Another machine has a limit of its own.
        try h.send(["process,machine=press-02 f300=2 \(now)"])
        s = try h.waitFor("press-02's line") { $0.telemetry.received == 303 }
        #expect(s.telemetry.accepted == 258)
    }

    @Test func thePlantFileSetsTheLimit() throws {
        let h = try DaemonHarness(extra: "max_process_values: 2")
        let now = DaemonClock.now() - 10 * Nanos.perSecond
        try h.send(["process,machine=press-01 a=1,b=2 \(now)", "process,machine=press-01 c=3 \(now)"])
        var s = try h.waitFor("two lines") { $0.telemetry.received == 2 }
        #expect(s.telemetry.rejected == 1)
        #expect(
            s.telemetry.errors.last?.reason.hasPrefix(
                "press-01 has 2 process values and this line brings 1 new one; max_process_values (2) allows no more than 2: \"c\"") == true)
        // A line bringing many new names at once says how many, and which is the first too many.
        try h.send(["process,machine=press-02 a=1,b=2,c=3,d=4 \(now)"])
        s = try h.waitFor("press-02's line") { $0.telemetry.received == 3 }
        #expect(
            s.telemetry.errors.last?.reason.hasPrefix(
                "press-02 has 0 process values and this line brings 4 new ones; max_process_values (2) allows no more than 2: \"c\"") == true)
    }

    @Test func aLimitThatIsNotAWholeNumberAboveZeroIsRefusedWithItsPlace() {
        for bad in ["0", "-1", "many", "2.5"] {
            #expect {
                _ = try PlantConfigLoader.load(yaml: Plants.testWorks + "\nmax_process_values: \(bad)", file: "plant.yaml")
            } throws: { error in
                "\(error)".contains("plant.yaml:16:21: max_process_values must be a whole number from 1 to 100000, not \"\(bad)\"")
            }
        }
    }
}
