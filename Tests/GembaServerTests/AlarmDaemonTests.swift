import Foundation
import GembaClient
import GembaConsole
import GembaCore
import GembaServer
import GembaStore
import GembaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Alarms, roles and the audit trail through a real daemon and its console socket.
@Suite(.serialized)
struct AlarmDaemonTests {
    let now = DaemonClock.now()

    func board(_ h: DaemonHarness) throws -> AlarmBoard {
        try ConsoleConnection(path: h.runtime.consoleSocket).request(ClientRequest(type: "alarms"), as: AlarmBoard.self)
    }

    func waitForAlarm(_ h: DaemonHarness, _ state: AlarmState) throws -> AlarmStatus {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let a = try board(h).alarms.first(where: { $0.definition == "press-01-oil-hot" }), a.state == state { return a }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw ConnectionError("press-01-oil-hot never became \(state)")
    }

    @Test func anAlarmRaisedByTelemetryIsAcknowledgedWithItsTransitionAndAuditRecord() throws {
        let h = try DaemonHarness(extra: Plants.oilHotAlarm)
        let subscriber = try ConsoleConnection(path: h.runtime.consoleSocket)
        let snapshot = try subscriber.request(ClientRequest(type: "subscribe"), as: FloorSnapshot.self)
        #expect(snapshot.alarms?.alarms.contains { $0.definition == "press-01-oil-hot" } == true)
        try h.send(["process,machine=press-01 oil_temp=85.5 \(now)"])
        let raised = try waitForAlarm(h, .unacknowledged)
        #expect(raised.priority == .high)
        #expect(raised.active)
        #expect(raised.value == 85.5)
        #expect(try board(h).unacknowledged["high"] == 1)

        // The subscriber is told without asking.
        var pushed: AlarmBoard?
        let deadline = Date().addingTimeInterval(5)
        while pushed == nil && Date() < deadline {
            let line = try subscriber.readLine(timeout: 5)
            if let e = try? JSONDecoder().decode(DeltaEvent.self, from: line), let b = e.delta.alarms,
                b.alarms.contains(where: { $0.definition == "press-01-oil-hot" && $0.state == .unacknowledged })
            {
                pushed = b
            }
        }
        #expect(pushed != nil, "no delta carried the new alarm")

        let lead = Identity.person("alice", [.shiftLead])
        let (ok, reply) = h.request(ClientRequest(type: "ack", alarm: "press-01-oil-hot", comment: "checking the cooler"), as: lead)
        #expect(ok, "\(reply)")
        #expect(reply.contains("\"state\":\"acknowledged\""))
        // The activation is stored by the next batch (within 25 ms), the acknowledgement at once.
        var transitions = try h.daemon.store.alarmTransitions(definition: "press-01-oil-hot")
        let until = Date().addingTimeInterval(5)
        while transitions.count < 2 && Date() < until {
            Thread.sleep(forTimeInterval: 0.02)
            transitions = try h.daemon.store.alarmTransitions(definition: "press-01-oil-hot")
        }
        #expect(transitions.map(\.cause) == ["activated", "acknowledged"], "in time order")
        #expect(transitions.last?.user == "alice")
        #expect(transitions.last?.comment == "checking the cooler")
        let audit = try h.daemon.store.auditRecords(object: "press-01-oil-hot")
        #expect(audit.first?.action == "acknowledge_alarm")
        #expect(audit.first?.user == "alice")
        #expect(audit.first?.role == "shift_lead")
        #expect(audit.first?.before?.hasPrefix("unacknowledged") == true)
        #expect(audit.first?.after?.hasPrefix("acknowledged") == true)
        #expect(try h.daemon.store.verifyAudit().ok)

        // The alarm detail reads the same life, newest first, with who and the comment.
        let operatorView = Identity.person("olga", [.lineOperator])
        let history = h.request(Requests.AlarmHistoryQuery(alarm: "press-01-oil-hot"), as: operatorView)
        #expect(history.ok, "\(history.line)")
        let life = try JSONDecoder().decode(Reply<AlarmHistory>.self, from: Data(history.line.utf8)).result
        #expect(life.alarm.state == .acknowledged)
        #expect(life.transitions.map(\.cause) == ["acknowledged", "activated"])
        #expect(life.transitions.first?.user == "alice")
        #expect(life.transitions.first?.comment == "checking the cooler")
        #expect(life.transitions.last?.value == 85.5)
        #expect(history.line.contains("\"user\":null"), "every key, null where there is no value")
        let unknown = h.request(Requests.AlarmHistoryQuery(alarm: "no-such-alarm"), as: operatorView)
        #expect(!unknown.ok && unknown.line.contains("unknown_alarm"))
    }

    @Test func anOperatorIsRefusedByTheDaemonAndTheRefusalIsAudited() throws {
        let h = try DaemonHarness(extra: Plants.oilHotAlarm)
        try h.send(["process,machine=press-01 oil_temp=90 \(now)"])
        _ = try waitForAlarm(h, .unacknowledged)
        let op = Identity.person("oscar", [.lineOperator])
        let (ok, reply) = h.request(ClientRequest(type: "ack", alarm: "press-01-oil-hot", comment: "me too"), as: op)
        #expect(!ok)
        #expect(reply.contains("\"code\":\"forbidden\""))
        #expect(reply.contains("oscar (role operator) may not acknowledge an alarm"))
        #expect(reply.contains("shift_lead"))
        #expect(try waitForAlarm(h, .unacknowledged).state == .unacknowledged, "nothing changed")
        let refused = try h.daemon.store.auditRecords(object: "alarm:press-01-oil-hot")
        #expect(refused.first?.user == "oscar")
        #expect(refused.first?.outcome.hasPrefix("refused") == true)
        // Shelving needs a reason, and at most the plant's maximum.
        let lead = Identity.person("alice", [.shiftLead])
        #expect(h.request(ClientRequest(type: "shelve", alarm: "press-01-oil-hot", duration: "30m"), as: lead).line.contains("comment_required"))
        #expect(
            h.request(ClientRequest(type: "shelve", alarm: "press-01-oil-hot", comment: "x", duration: "9h"), as: lead).line.contains("at most 8h"))
        let shelved = h.request(ClientRequest(type: "shelve", alarm: "press-01-oil-hot", comment: "cooler swap", duration: "30m"), as: lead)
        #expect(shelved.ok, "\(shelved.line)")
        #expect(try waitForAlarm(h, .shelved).shelveReason == "cooler swap")
        // Operators may book downtime reasons; the booking is audited.
        try h.send(["machine,machine=press-02 state=\"down\" \(now)"])
        _ = try h.waitFor("press-02 down") { $0.machines.first { $0.id == "press-02" }?.state == .down }
        let booked = h.request(ClientRequest(type: "classify", machine: "press-02", start: String(now), reason: "jam"), as: op)
        #expect(booked.ok, "\(booked.line)")
        #expect(try h.daemon.store.auditRecords(object: "press-02").first?.action == "classify_downtime")
        // Operators may not read the trail.
        #expect(!h.request(ClientRequest(type: "audit"), as: op).ok)
    }

    @Test func alarmStateAndOccurrenceNumbersSurviveARestart() throws {
        var folder = ""
        var occurrence: Int64?
        do {
            let h = try DaemonHarness(extra: Plants.oilHotAlarm)
            folder = h.handOver()
            try h.send(["process,machine=press-01 oil_temp=90 \(now)"])
            occurrence = try waitForAlarm(h, .unacknowledged).id
            _ = h.request(ClientRequest(type: "ack", alarm: "press-01-oil-hot"), as: .person("alice", [.shiftLead]))
            _ = try waitForAlarm(h, .acknowledged)
        }
        let h2 = try DaemonHarness(folder: folder, extra: Plants.oilHotAlarm)
        let a = try waitForAlarm(h2, .acknowledged)
        #expect(a.id == occurrence)
        #expect(try board(h2).kpis.topTen == [AlarmCount(definition: "press-01-oil-hot", count: 1)])
    }

    /// Shelving an alarm nobody acknowledged is not acknowledging it: after its condition
    /// clears, and a restart, unshelving brings it back unacknowledged, not normal.
    @Test func anUnacknowledgedAlarmUnshelvedAfterARestartStillWaitsForItsAcknowledgement() throws {
        var folder = ""
        let lead = Identity.person("alice", [.shiftLead])
        do {
            let h = try DaemonHarness(extra: Plants.oilHotAlarm)
            folder = h.handOver()
            try h.send(["process,machine=press-01 oil_temp=90 \(now)"])
            _ = try waitForAlarm(h, .unacknowledged)
            _ = h.request(ClientRequest(type: "shelve", alarm: "press-01-oil-hot", comment: "cooler swap", duration: "30m"), as: lead)
            _ = try waitForAlarm(h, .shelved)
            try h.send(["process,machine=press-01 oil_temp=60 \(now + 1_000_000_000)"])
            let deadline = Date().addingTimeInterval(10)
            while (try board(h).alarms.first { $0.definition == "press-01-oil-hot" }?.active) != false, Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        let h2 = try DaemonHarness(folder: folder, extra: Plants.oilHotAlarm)
        _ = try waitForAlarm(h2, .shelved)
        let back = h2.request(ClientRequest(type: "unshelve", alarm: "press-01-oil-hot"), as: lead)
        #expect(back.ok, "\(back.line)")
        let a = try waitForAlarm(h2, .returnedUnacknowledged)
        #expect(a.acknowledged == false)
    }

    @Test func aBrokenAuditChainRaisesACriticalAlarmNamingTheRecordAndTheDaemonRunsOn() throws {
        var folder = ""
        do {
            let h = try DaemonHarness(extra: Plants.oilHotAlarm)
            folder = h.handOver()
            for k in 0..<3 {
                _ = h.request(ClientRequest(type: "out_of_service", alarm: "press-01-oil-hot", comment: "sensor \(k)"), as: .daemon)
                _ = h.request(ClientRequest(type: "in_service", alarm: "press-01-oil-hot"), as: .daemon)
            }
            let intact = try h.daemon.store.verifyAudit()
            #expect(intact.ok && intact.records == 6 && intact.anchor == "intact")
        }
        try StoreTamper.rewrite(folder + "/gemba.db", sql: "UPDATE audit SET comment = 'sensor X' WHERE seq = 3")
        let h2 = try DaemonHarness(folder: folder, extra: Plants.oilHotAlarm)
        let broken = try #require(try board(h2).alarms.first { $0.definition == "audit-chain-broken" })
        #expect(broken.state == .unacknowledged)
        #expect(broken.priority == .critical)
        #expect(broken.detail?.contains("first bad record 3") == true)
        // It runs on: telemetry is still taken.
        try h2.send(["machine,machine=press-01 state=\"running\" \(now)"])
        _ = try h2.waitFor("a line") { $0.telemetry.accepted == 1 }
    }

    /// A trail whose chain holds but whose anchors do not (rewritten without the key, here
    /// by stripping one) raises the same alarm, naming the record and the anchor.
    @Test func aTrailWhoseAnchorFailsRaisesTheAlarmNamingTheRecordAndTheAnchor() throws {
        var folder = ""
        do {
            let h = try DaemonHarness(extra: Plants.oilHotAlarm)
            folder = h.handOver()
            for k in 0..<2 {
                _ = h.request(ClientRequest(type: "out_of_service", alarm: "press-01-oil-hot", comment: "sensor \(k)"), as: .daemon)
                _ = h.request(ClientRequest(type: "in_service", alarm: "press-01-oil-hot"), as: .daemon)
            }
        }
        try StoreTamper.rewrite(folder + "/gemba.db", sql: "UPDATE audit SET mac = NULL WHERE seq = 2")
        let h2 = try DaemonHarness(folder: folder, extra: Plants.oilHotAlarm)
        let broken = try #require(try board(h2).alarms.first { $0.definition == "audit-chain-broken" })
        #expect(broken.state == .unacknowledged)
        #expect(broken.detail?.contains("first bad record 2: anchor failed: record 2 carries no anchor") == true, "\(broken.detail ?? "")")
    }

    @Test func aReloadAppliesRolesAndAlarmsAtOnceAndABadFileChangesNothing() throws {
        let h = try DaemonHarness(extra: Plants.oilHotAlarm)
        let path = h.folder + "/plant.yaml"
        try h.send(["process,machine=press-01 oil_temp=90 \(now)"])
        _ = try waitForAlarm(h, .unacknowledged)
        let lead = Identity.person("alice", [.shiftLead])
        #expect(!h.request(ClientRequest(type: "reload"), as: lead).ok, "only admins reload")

        let more =
            Plants.testWorks + "\n" + Plants.oilHotAlarm + """

                  - id: press-02-long-stop
                    machine: press-02
                    when: { state: down, longer_than: 1s }
                    priority: low
                    message: Press 02 stopped
                roles:
                  shift_lead: [alice]
                shifts:
                  - { name: Day, start: "06:00", end: "18:00" }
                """
        try more.replacingOccurrences(of: "shifts:\n  - { name: A", with: "old_shifts:\n  - { name: A").write(
            toFile: path, atomically: true, encoding: .utf8)
        // That file has an unknown key: refused, nothing changed, the attempt audited.
        let bad = h.request(ClientRequest(type: "reload"), as: .daemon)
        #expect(!bad.ok)
        #expect(bad.line.contains("bad_config"))
        #expect(bad.line.contains("unknown key"))
        #expect(
            try board(h).alarms.count == 2 + AlarmDefinition.system.count, "the configured alarm, its prediction and the daemon's own: unchanged")
        #expect(try h.daemon.store.auditRecords(object: "config:" + path).first?.outcome.hasPrefix("refused") == true)

        let good =
            Plants.testWorks + "\n" + Plants.oilHotAlarm + """

                  - id: press-02-long-stop
                    machine: press-02
                    when: { state: down, longer_than: 1s }
                    priority: low
                    message: Press 02 stopped
                roles:
                  shift_lead: [alice]
                """
        try good.write(toFile: path, atomically: true, encoding: .utf8)
        let ok = h.request(ClientRequest(type: "reload"), as: .daemon)
        #expect(ok.ok, "\(ok.line)")
        #expect(ok.line.contains("alarm press-02-long-stop added"))
        #expect(ok.line.contains("roles"))
        let b = try board(h)
        #expect(b.alarms.map(\.definition).contains("press-02-long-stop"))
        #expect(b.alarms.first { $0.definition == "press-01-oil-hot" }?.state == .unacknowledged, "kept alarms keep their state")
        // The new role mapping is used for the next connection.
        let alice = Identity.resolve(
            PeerCredentials(pid: 1, uid: 424_242, gid: 424_242, user: "alice"), access: h.daemon.accessConfig, daemonUID: 0)
        #expect(alice.roles == [.shiftLead])
    }

    @Test func hostileRequestsAreRefusedWithReasonsAndNeverCrashTheDaemon() throws {
        let h = try DaemonHarness(extra: Plants.oilHotAlarm)
        try h.send(["process,machine=press-01 oil_temp=90 \(now)"])
        _ = try waitForAlarm(h, .unacknowledged)
        let requests: [ClientRequest] = [
            ClientRequest(type: "shelve", alarm: "press-01-oil-hot", comment: "x", duration: "99999999999999999999h"),
            ClientRequest(type: "shelve", alarm: "press-01-oil-hot", comment: "x", duration: "-5m"),
            ClientRequest(type: "shelve", alarm: "press-01-oil-hot", comment: "x", duration: "1e400"),
            ClientRequest(type: "ack", alarm: "#99999999999999999999999"),
            ClientRequest(type: "ack", alarm: "\u{0}\u{202E}ǅ"),
            ClientRequest(type: "ack"),
            ClientRequest(type: "reset", alarm: "press-01-oil-hot"),
            ClientRequest(type: "audit", since: "yesterday", limit: Int.min),
            ClientRequest(type: "audit", limit: Int.max),
        ]
        for r in requests {
            let (ok, line) = h.request(r, as: .daemon)
            #expect(line.contains("\"ok\":") && line.contains("\"type\":\"reply\""), "\(r.type): \(line)")
            if r.type != "audit" || r.since != nil { #expect(!ok, "\(r.type) \(r.duration ?? "") should be refused: \(line)") }
        }
        #expect(try waitForAlarm(h, .unacknowledged).state == .unacknowledged)
    }

    @Test func aPersonWithoutARoleIsRefusedAtConnectWithAMessage() throws {
        // Only the daemon's user and root are admins here: a plant with no roles refuses everyone else.
        let h = try DaemonHarness(extra: Plants.oilHotAlarm)
        let nobody = Identity.resolve(
            PeerCredentials(pid: 1, uid: 65534, gid: 65534, user: "nobody"), access: h.daemon.options.plant.access, daemonUID: getuid())
        #expect(nobody.roles.isEmpty)
        let me = Identity.resolve(
            PeerCredentials(pid: 1, uid: getuid(), gid: getgid(), user: "me"), access: h.daemon.options.plant.access, daemonUID: getuid())
        #expect(me.roles == [.admin])
    }
}

/// Changes a stored database behind the daemon's back, as an attacker with file access would.
enum StoreTamper {
    static func rewrite(_ path: String, sql: String) throws {
        let store = try FloorStore(path: path)
        try store.unsafeExecuteForTests("DROP TRIGGER audit_is_append_only_update; DROP TRIGGER audit_is_append_only_delete; " + sql)
    }
}
