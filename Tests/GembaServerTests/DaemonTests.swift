import Foundation
import GembaClient
import GembaConsole
import GembaCore
import GembaServer
import GembaStore
import GembaTesting
import Testing

@Suite(.serialized)
struct DaemonTests {
    let t0: Int64 = 1_764_000_000 * 1_000_000_000

    @Test func telemetryOverTheUnixSocketReachesStatus() throws {
        let h = try DaemonHarness()
        // Samples in the shift running now: counts of an older shift are not this shift's, and
        // the daemon's once-a-second roll-over rightly sets them to zero (a race this test once lost).
        let now = DaemonClock.now()
        let shiftStart = ShiftCalendar(shifts: h.daemon.options.plant.shifts, timezone: "UTC").shift(at: now)?.start ?? now
        let t0 = max(now - 11 * 1_000_000_000, shiftStart + 1_000_000_000)
        try h.send([
            "machine,line=L1,machine=press-01 state=\"running\",count_total=1000i,count_reject=10i \(t0)",
            "machine,line=L1,machine=press-01 count_total=1042i,count_reject=13i \(t0 + 10_000_000_000)",
            "machine,machine=press-02 state=\"down\",reason=\"jam\" \(t0 + 5_000_000_000)",
            "machine,machine=press-77 state=\"idle\" \(t0)",
            "this is not line protocol",
        ])
        let s = try h.waitFor("five lines") { $0.telemetry.received == 5 }
        #expect(s.telemetry.accepted == 3)
        #expect(s.telemetry.rejected == 2)
        #expect(s.telemetry.errors.map(\.line) == [4, 5])
        let p1 = try #require(s.machines.first { $0.id == "press-01" })
        #expect(p1.state == .running)
        #expect(p1.countTotal == 1042)
        #expect(p1.countReject == 13)
        #expect(p1.shiftTotal == 42)
        #expect(p1.shiftReject == 3)
        #expect(p1.since == ISOTime.format(t0))
        let p2 = try #require(s.machines.first { $0.id == "press-02" })
        #expect(p2.state == .down)
        #expect(p2.reason == "jam")
    }

    @Test func tcpUDPAndExtraUnixSocketsFeedTheSameEngine() throws {
        let h = try DaemonHarness()
        let tcpPort = try #require(h.daemon.tcpPort)
        let udpPort = try #require(h.daemon.udpPort)
        try Loopback.tcpSend(port: tcpPort, "machine,machine=press-01 state=\"setup\" \(t0)\n")
        try Loopback.udpSend(port: udpPort, "machine,machine=press-02 state=\"blocked\" \(t0)")
        var s = try h.waitFor("tcp and udp lines") { $0.telemetry.accepted == 2 }
        #expect(s.machines.map(\.state) == [.setup, .blocked])
        // The extra Unix socket the plant file names.
        let gateway = TelemetrySender(path: h.folder + "/gateway.sock")
        try gateway.connect()
        try gateway.send(lines: ["machine,machine=press-01 state=\"idle\" \(t0 + 1)"])
        s = try h.waitFor("the gateway line") { $0.telemetry.accepted == 3 }
        #expect(s.machines[0].state == .idle)
    }

    @Test func aSecondDaemonOnTheSameDirectoryRefusesToStart() throws {
        let h = try DaemonHarness()
        #expect {
            _ = try DaemonHarness(folder: h.folder)
        } throws: { error in
            guard case .alreadyRunning = error as? DaemonError else { return false }
            return true
        }
        // The first daemon still answers.
        #expect(try h.status().plant.name == "Test Works")
    }

    @Test func restartKeepsStateAndIntervals() throws {
        var folder = ""
        do {
            let h = try DaemonHarness()
            folder = h.handOver()
            try h.send([
                "machine,machine=press-01 state=\"running\",count_total=5i \(t0)",
                "machine,machine=press-01 state=\"down\",reason=\"jam\",count_total=9i \(t0 + 20_000_000_000)",
            ])
            _ = try h.waitFor("two lines") { $0.telemetry.accepted == 2 }
        }
        let h2 = try DaemonHarness(folder: folder)
        let s = try h2.status()
        let p1 = try #require(s.machines.first { $0.id == "press-01" })
        #expect(p1.state == .down)
        #expect(p1.sinceNanos == t0 + 20_000_000_000)
        #expect(p1.countTotal == 9)
        let detail = try ConsoleConnection(path: h2.runtime.consoleSocket)
            .request(ClientRequest(type: "machine_detail", machine: "press-01"), as: MachineDetail.self)
        _ = detail
        let ivs = try h2.daemon.store.intervals(machine: "press-01", from: t0, to: t0 + 100_000_000_000)
        #expect(ivs == [StateInterval(machine: "press-01", state: .running, reason: nil, start: t0, end: t0 + 20_000_000_000)])
    }

    @Test func subscribersGetASnapshotThenOnlyDeltas() throws {
        let h = try DaemonHarness()
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        let snap = try c.request(ClientRequest(type: "subscribe"), as: FloorSnapshot.self)
        #expect(snap.machines.count == 2)
        try h.send(["machine,machine=press-02 state=\"setup\" \(t0)"])
        let decoder = JSONDecoder()
        let deadline = Date().addingTimeInterval(10)
        var got: FloorDelta?
        while got == nil && Date() < deadline {
            let line = try c.readLine(timeout: 10)
            if let e = try? decoder.decode(DeltaEvent.self, from: line), e.delta.machines.contains(where: { $0.id == "press-02" }) {
                got = e.delta
            }
        }
        let delta = try #require(got)
        #expect(delta.machines.map(\.id) == ["press-02"])
        #expect(delta.machines[0].state == .setup)
    }

    @Test func aConsoleThatNeverReadsDoesNotSlowIngestOrOthers() throws {
        let h = try DaemonHarness()
        // A console that subscribes and then never reads a byte.
        let stuck = try ConsoleConnection(path: h.runtime.consoleSocket)
        try stuck.send(ClientRequest(type: "subscribe"))
        var lines: [String] = []
        for k in 0..<20_000 {
            lines.append(
                "machine,machine=press-0\(k % 2 + 1) state=\"\(k % 3 == 0 ? "running" : "idle")\",count_total=\(k)i \(t0 + Int64(k) * 1_000_000)")
        }
        // One feed, one connection: its lines are applied in order.
        let sender = TelemetrySender(path: h.runtime.telemetrySocket)
        try sender.connect()
        for chunk in stride(from: 0, to: lines.count, by: 2000) {
            try sender.send(lines: Array(lines[chunk..<min(chunk + 2000, lines.count)]))
        }
        sender.disconnect()
        let s = try h.waitFor("20,000 lines", timeout: 30) { $0.telemetry.received == 20_000 }
        #expect(s.telemetry.accepted == 20_000)
        _ = stuck
    }

    /// While state changes stream in, every OEE answer and machine detail sees each interval
    /// either still in the engine or already in the store: a machine that never fell silent
    /// never shows offline time or a hole in its timeline, wherever the request lands.
    @Test func oeeDuringIngestNeverSeesAnIntervalInFlight() throws {
        let h = try DaemonHarness()
        let now = Int64(Date().timeIntervalSince1970) * 1_000_000_000
        let start = now - 3_600_000_000_000
        try h.send(["machine,machine=press-01 state=\"running\",count_total=0i,count_reject=0i \(start)"])
        _ = try h.waitFor("the first line") { $0.telemetry.accepted == 1 }
        let socket = h.runtime.telemetrySocket
        let feeder = Thread {
            let sender = TelemetrySender(path: socket)
            guard (try? sender.connect()) != nil else { return }
            // An hour of one-second states, a few at a time so that batches keep landing.
            for k in 1..<3600 {
                let state = k % 2 == 0 ? "running" : "down"
                try? sender.send(lines: ["machine,machine=press-01 state=\"\(state)\" \(start + Int64(k) * 1_000_000_000)"])
                if k % 20 == 0 { Thread.sleep(forTimeInterval: 0.002) }
            }
            sender.disconnect()
        }
        feeder.start()
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        var worst = 0.0
        var holes = 0
        var answers = 0
        // Long enough for 50 answers on a debug build beside the whole suite (alone: 15 s).
        let deadline = Date().addingTimeInterval(45)
        while Date() < deadline {
            let r = try c.request(
                ClientRequest(type: "oee", machine: "press-01", from: ISOTime.format(start), to: ISOTime.format(now)), as: OEEResult.self)
            worst = max(worst, r.time.offline)
            // The machine detail's timeline has no hole either: each interval starts where the last ended.
            let d = try c.request(ClientRequest(type: "machine_detail", machine: "press-01"), as: MachineDetail.self)
            let ends = d.intervals.map(\.endNanos)
            let starts = d.intervals.dropFirst().map(\.startNanos) + [d.machine.sinceNanos]
            holes += zip(ends, starts).filter { $0 != $1 }.count
            answers += 1
            if (try h.status().telemetry.accepted) == 3600 && answers > 50 { break }
        }
        #expect(answers > 50)
        #expect(worst == 0, "an answer counted \(worst) s as offline")
        #expect(holes == 0, "the detail's timeline had \(holes) hole(s)")
    }

    @Test func oeeOfAMachineAndALineOverAWindow() throws {
        let h = try DaemonHarness()
        try h.send([
            "machine,machine=press-01 state=\"running\",count_total=0i,count_reject=0i \(t0)",
            "machine,machine=press-01 state=\"down\",reason=\"jam\" \(t0 + 600_000_000_000)",
            "machine,machine=press-01 state=\"running\" \(t0 + 900_000_000_000)",
            "machine,machine=press-01 count_total=1000i,count_reject=10i \(t0 + 1_800_000_000_000)",
        ])
        _ = try h.waitFor("four lines") { $0.telemetry.accepted == 4 }
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        let from = ISOTime.format(t0)
        let to = ISOTime.format(t0 + 3_600_000_000_000)
        var r = try c.request(ClientRequest(type: "oee", machine: "press-01", from: from, to: to), as: OEEResult.self)
        let deadline = Date().addingTimeInterval(5)
        while r.counts.total < 1000 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
            r = try c.request(ClientRequest(type: "oee", machine: "press-01", from: from, to: to), as: OEEResult.self)
        }
        #expect(r.time.plannedBusy == 3600)
        #expect(r.time.delay == 300)
        #expect(r.time.production == 3300)
        #expect(r.counts == OEECounts(total: 1000, reject: 10))
        #expect(r.availability == 3300.0 / 3600.0)
        #expect(r.performance == 2000.0 / 3300.0)
        #expect(r.oee == 2.0 * 990.0 / 3600.0)
        #expect(!r.provisional)
        // The line sums its machines: press-02 never reported, so its hour is offline.
        let line = try c.request(ClientRequest(type: "oee", line: "L1", from: from, to: to), as: OEEResult.self)
        #expect(line.time.plannedBusy == 7200)
        #expect(line.time.offline == 3600)
        #expect(line.oee == 2.0 * 990.0 / 7200.0)
        #expect {
            _ = try c.request(ClientRequest(type: "oee", machine: "press-01", from: to, to: from), as: OEEResult.self)
        } throws: { ($0 as? ProtocolError)?.code == "bad_window" }
    }

    /// A recorded feed replayed into an empty database gives the same OEE to the last digit.
    @Test func recordThenReplayReachesTheSameOEE() throws {
        let dir = TemporaryFolder.make("gemba-rec")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/feed.lp"
        let window = (ISOTime.format(t0), ISOTime.format(t0 + 3_600_000_000_000))
        func oee(_ h: DaemonHarness, until: (OEEResult) -> Bool) throws -> OEEResult {
            let c = try ConsoleConnection(path: h.runtime.consoleSocket)
            var r = try c.request(ClientRequest(type: "oee", line: "L1", from: window.0, to: window.1), as: OEEResult.self)
            let deadline = Date().addingTimeInterval(5)
            while !until(r) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
                r = try c.request(ClientRequest(type: "oee", line: "L1", from: window.0, to: window.1), as: OEEResult.self)
            }
            return r
        }
        var live: OEEResult?
        var liveSince: String?
        do {
            let a = try DaemonHarness(record: file)
            var lines: [String] = []
            for k in 0..<120 {
                let state = k % 17 == 0 ? "down" : (k % 23 == 0 ? "setup" : "running")
                lines.append(
                    "machine,machine=press-01 state=\"\(state)\",count_total=\(k * 7)i,count_reject=\(k / 9)i \(t0 + Int64(k) * 15_000_000_000)")
            }
            lines.append("machine,machine=press-02 state=\"idle\"")  // no timestamp: the recording adds the receive time
            lines.append("not line protocol at all")
            try a.send(lines)
            _ = try a.waitFor("the feed") { $0.telemetry.received == 122 }
            live = try oee(a) { $0.counts.total == 119 * 7 }
            liveSince = try a.status().machines.first { $0.id == "press-02" }?.since
        }
        let replay = TelemetryReplay(text: try String(contentsOfFile: file, encoding: .utf8))
        #expect(replay.lines.count == 121)
        #expect(replay.refused.isEmpty)
        let b = try DaemonHarness()
        try b.send(replay.lines.indices.map { replay.text($0, offset: 0) })
        _ = try b.waitFor("the replay") { $0.telemetry.accepted == 121 }
        let replayed = try oee(b) { $0.counts.total == 119 * 7 }
        #expect(replayed == live)
        #expect(try b.status().machines.first { $0.id == "press-02" }?.since == liveSince)
    }

    @Test func operatorsBookReasonsForClosedAndOpenStops() throws {
        let h = try DaemonHarness()
        try h.send([
            "machine,machine=press-01 state=\"down\" \(t0)",
            "machine,machine=press-01 state=\"running\" \(t0 + 60_000_000_000)",
            "machine,machine=press-02 state=\"down\" \(t0)",
        ])
        _ = try h.waitFor("three lines") { $0.telemetry.accepted == 3 }
        // No wait for the flush: a stop that closed a moment ago is booked even while it is
        // still on its way to the store (this raced under load when the daemon looked in the store only).
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        let closed = try c.request(ClientRequest(type: "classify", machine: "press-01", start: String(t0), reason: "jam"), as: Classification.self)
        #expect(closed.user == PeerCredentials.userName(uid: getuid()))
        #expect(try h.daemon.store.intervals(machine: "press-01", from: t0, to: t0 + 1).first?.reason == "jam")
        _ = try c.request(
            ClientRequest(type: "classify", machine: "press-02", start: ISOTime.format(t0), reason: "tool_change"), as: Classification.self)
        #expect(try h.status().machines.first { $0.id == "press-02" }?.reason == "tool_change")
        #expect(try h.daemon.store.classifications(machine: "press-01").map(\.new) == ["jam"])
        #expect {
            _ = try c.request(ClientRequest(type: "classify", machine: "press-01", start: String(t0), reason: "aliens"), as: Classification.self)
        } throws: { ($0 as? ProtocolError)?.code == "unknown_reason" }
        #expect {
            _ = try c.request(ClientRequest(type: "classify", machine: "press-01", start: String(t0 + 5), reason: "jam"), as: Classification.self)
        } throws: { ($0 as? ProtocolError)?.code == "no_such_stop" }
        // A booked reason is corrected: both kept, the audit record names the old one.
        _ = try c.request(ClientRequest(type: "classify", machine: "press-01", start: String(t0), reason: "tool_change"), as: Classification.self)
        #expect(try h.daemon.store.classifications(machine: "press-01").map(\.new) == ["jam", "tool_change"])
        #expect(try h.daemon.store.classifications(machine: "press-01").last?.old == "jam")
        #expect(try h.daemon.store.auditRecords(object: "machine:press-01").first?.before == "jam")
        // `other` carries the words, and needs them.
        #expect {
            _ = try c.request(ClientRequest(type: "classify", machine: "press-01", start: String(t0), reason: "other"), as: Classification.self)
        } throws: { ($0 as? ProtocolError)?.code == "bad_request" }
        var other = ClientRequest(type: "classify", machine: "press-01", start: String(t0), reason: "other")
        other.comment = "crane blocked the aisle"
        #expect(try c.request(other, as: Classification.self).reason == "other: crane blocked the aisle")
        #expect(try h.daemon.store.intervals(machine: "press-01", from: t0, to: t0 + 1).first?.reason == "other: crane blocked the aisle")
    }

    /// Whole past shifts are cached per machine; late data in a cached shift drops it.
    @Test func longWindowsUseCachedShiftLedgersThatLateDataInvalidates() throws {
        let h = try DaemonHarness()
        let day: Int64 = 1_763_942_400 * 1_000_000_000  // 2025-11-24T00:00:00Z
        func at(_ hours: Double) -> Int64 { day + Int64(hours * 3600) * 1_000_000_000 }
        try h.send([
            "machine,machine=press-01 state=\"running\",count_total=0i \(at(11))",
            "machine,machine=press-01 state=\"down\",count_total=900i \(at(11.5))",
            "machine,machine=press-01 state=\"running\" \(at(12 + 1.0 / 6))",
            "machine,machine=press-01 state=\"idle\" \(at(25))",
        ])
        _ = try h.waitFor("four lines") { $0.telemetry.accepted == 4 }
        Thread.sleep(forTimeInterval: 0.1)
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        let window = (ISOTime.format(at(0)), ISOTime.format(at(24)))
        func oee(_ scope: ClientRequest) throws -> OEEResult { try c.request(scope, as: OEEResult.self) }
        let first = try oee(ClientRequest(type: "oee", machine: "press-01", from: window.0, to: window.1))
        #expect(first.time.production == 1800)
        #expect(first.time.delay == 2400)
        #expect(first.time.offline == 86400 - 4200)
        #expect(first.counts.total == 900)
        // An answer saves the whole shifts it computed, unless a batch of the machine's data was
        // written meanwhile (the daemon still settles the lines just taken): the next answer does.
        func cached() throws -> Int { try h.daemon.store.shiftLedgers(machine: "press-01", from: at(0), to: at(24), microStopMillis: 120_000).count }
        let deadline = Date().addingTimeInterval(5)
        while try cached() < 2 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            #expect(try oee(ClientRequest(type: "oee", machine: "press-01", from: window.0, to: window.1)) == first)
        }
        #expect(try cached() == 2)
        let second = try oee(ClientRequest(type: "oee", machine: "press-01", from: window.0, to: window.1))
        #expect(second == first)
        // A window of 399 days over a day of history: the shifts before the machine's first line
        // are offline time, worked out without reading the store for each.
        let long = try oee(ClientRequest(type: "oee", machine: "press-01", from: ISOTime.format(at(-398 * 24)), to: window.1))
        #expect(long.time.production == 1800)
        #expect(long.time.delay == 2400)
        #expect(long.counts.total == 900)
        #expect(long.time.plannedOperation == 399 * 86400)
        #expect(abs(long.time.offline - (long.time.plannedBusy - 4200)) < 1e-6)

        // press-02 has never reported: its two shifts are cached as offline...
        let before = try oee(ClientRequest(type: "oee", line: "L1", from: window.0, to: window.1))
        #expect(before.time.production == 1800)
        // ...until its history arrives late, into those very shifts.
        try h.send([
            "machine,machine=press-02 state=\"running\",count_total=0i \(at(5))",
            "machine,machine=press-02 state=\"idle\",count_total=600i \(at(5 + 1.0 / 3))",
            "machine,machine=press-02 state=\"down\" \(at(26))",
        ])
        _ = try h.waitFor("press-02's history") { $0.telemetry.accepted == 7 }
        Thread.sleep(forTimeInterval: 0.1)
        let after = try oee(ClientRequest(type: "oee", line: "L1", from: window.0, to: window.1))
        #expect(after.time.production == 1800 + 1200)
        #expect(after.counts.total == 1500)
    }

    /// The daemon reads the time only from the clock it is given: with a scripted one, a line
    /// ten minutes after it is ahead (max_clock_skew 5m) until the clock is moved on.
    @Test func aScriptedClockIsTheDaemonsTime() throws {
        let clock = ScriptedClock(at: t0)
        let h = try DaemonHarness(clock: clock.now)
        #expect(try h.status().serverTime == ISOTime.format(t0))
        let line = "machine,machine=press-01 state=\"running\" \(t0 + 600 * Nanos.perSecond)"
        try h.send([line])
        var s = try h.waitFor("the line ahead") { $0.telemetry.received == 1 }
        #expect(s.telemetry.rejected == 1)
        #expect(
            s.telemetry.errors.last?.reason.hasSuffix("is 10 min ahead of the daemon's clock (max_clock_skew 5m)") == true, "\(s.telemetry.errors)")
        clock.advance(seconds: 600)
        try h.send([line])
        s = try h.waitFor("the line in time") { $0.telemetry.received == 2 }
        #expect(s.telemetry.accepted == 1)
        #expect(s.serverTime == ISOTime.format(t0 + 600 * Nanos.perSecond))
        #expect(s.machines.first { $0.id == "press-01" }?.state == .running)
    }

    @Test func malformedRequestsGetAnErrorAndTheConnectionGoesOn() throws {
        let h = try DaemonHarness()
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        #expect {
            _ = try c.request(ClientRequest(type: "fly"), as: Empty.self)
        } throws: { ($0 as? ProtocolError)?.code == "unknown_request" }
        #expect {
            _ = try c.request(ClientRequest(type: "machine_detail", machine: "nope"), as: MachineDetail.self)
        } throws: { ($0 as? ProtocolError)?.code == "unknown_machine" }
        #expect(try c.request(ClientRequest(type: "status"), as: FloorSnapshot.self).machines.count == 2)
    }
}
