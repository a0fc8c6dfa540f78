import Foundation
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// Trend-to-limit prediction in the daemon: a value climbing toward its alarm limit raises
/// the predicted alarm with the time left, the alarm names it on the board, and after a
/// restart the trend goes on from the history the store kept.
@Suite(.serialized)
struct PredictionDaemonTests {
    static let minute0: Int64 = 29_400_000  // 2025-11-24T16:00:00Z in minutes
    static func at(minute m: Int64, second s: Int64 = 0) -> Timestamp { Nanos.start(ofMinute: minute0 + m) + s * Nanos.perSecond }

    static func predicted(_ h: DaemonHarness) throws -> AlarmStatus? {
        let board = try JSONDecoder().decode(Reply<AlarmBoard>.self, from: Data(h.request(Requests.Alarms(), as: .daemon).line.utf8)).result
        return board.alarms.first { $0.definition == "predicted-press-01-oil-hot" }
    }

    /// Oil at 60 °C climbing half a degree a minute, one reading a minute from `from` to `to`;
    /// the clock goes with it and each minute's flush runs before the next.
    static func climb(_ h: DaemonHarness, _ clock: ScriptedClock, minutes: Range<Int64>) throws {
        for k in minutes {
            clock.set(at(minute: k, second: 1))
            try h.send(["process,machine=press-01 oil_temp=\(60 + 0.5 * Double(k)) \(at(minute: k))"])
            Thread.sleep(forTimeInterval: 0.08)
        }
    }

    @Test func aClimbingValueRaisesItsPredictionAndARestartKeepsTheTrend() throws {
        let clock = ScriptedClock(at: Self.at(minute: 0))
        var folder = ""
        do {
            let h = try DaemonHarness(extra: Plants.oilHotAlarm, clock: clock.now)
            folder = h.handOver()
            try Self.climb(h, clock, minutes: 0..<10)
            // Ten minutes are too few for a trend (it needs 20 in the 2 h window).
            #expect(try Self.predicted(h)?.active == false)
            try Self.climb(h, clock, minutes: 10..<26)
            // At minute 25 the trend line stands at 72.5 (the minute means sit mid-minute) and
            // rises 0.5 a minute: 80 in 15 minutes.
            let deadline = Date().addingTimeInterval(5)
            var alarm = try Self.predicted(h)
            while alarm?.active != true && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.05)
                alarm = try Self.predicted(h)
            }
            #expect(alarm?.active == true)
            #expect(alarm?.priority == .low)
            #expect(alarm?.message == "Predicted: Oil temperature high")
            #expect(alarm?.detail == "oil_temp on press-01 reaches 80 in about 15 m", "\(alarm?.detail ?? "")")
        }
        // Restarted a minute later: the store's minutes carry the trend on.
        clock.set(Self.at(minute: 26, second: 30))
        let h2 = try DaemonHarness(folder: folder, extra: Plants.oilHotAlarm, clock: clock.now)
        #expect(try Self.predicted(h2)?.active == true)
        // The oil cools: the trend turns and the prediction clears, detail kept for whoever acknowledges it.
        for k in Int64(27)..<60 {
            clock.set(Self.at(minute: k, second: 1))
            try h2.send(["process,machine=press-01 oil_temp=\(73 - 0.5 * Double(k - 26)) \(Self.at(minute: k))"])
            Thread.sleep(forTimeInterval: 0.06)
        }
        let after = try Self.predicted(h2)
        #expect(after?.active == false)
        #expect(after?.detail?.hasPrefix("oil_temp on press-01 reaches 80") == true)
    }

    @Test func predictionOffOrPredictFalseGivesNone() throws {
        let off = try DaemonHarness(extra: Plants.oilHotAlarm + "\nprediction: off")
        #expect(try Self.predicted(off) == nil)
        let optedOut = try DaemonHarness(extra: Plants.oilHotAlarm + "\n    predict: false")
        #expect(try Self.predicted(optedOut) == nil)
    }
}
