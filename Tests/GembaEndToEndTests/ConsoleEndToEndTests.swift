import Foundation
import GembaClient
import GembaCore
import GembaPlantFile
import GembaServer
import GembaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real binaries end to end: `gemba serve` as its own process, telemetry over
/// its Unix socket, `gemba console` in tmux, and the screen read back with
/// `capture-pane`, as a person would see it.
@Suite(.serialized)
final class ConsoleEndToEndTests {
    let folder: String
    let runtime: String
    let gemba: String
    var daemon: Subprocess?
    let session = "gemba-e2e-\(getpid())"
    /// A tmux server of each test's own: a person's tmux, or the previous test's server
    /// shutting down, cannot change this one's window.
    var tmuxSocket: String { "gemba-e2e-" + URL(fileURLWithPath: folder).lastPathComponent }

    /// Runs tmux on the test's own server.
    @discardableResult
    func tmux(_ args: [String], detached: Bool = false) throws -> String {
        try Self.run("/usr/bin/env", ["tmux", "-L", tmuxSocket, "-f", "/dev/null"] + args, detached: detached)
    }

    static let plant = """
        plant: E2E Works
        timezone: UTC
        comm_loss_timeout: 30s
        lines:
          - id: L1
            name: Stamping
            machines:
              - { id: press-01, name: Press 01, ideal_cycle_time: 2.0 }
              - { id: press-02, name: Press 02, ideal_cycle_time: 2.0 }
          - id: L2
            name: Welding
            machines:
              - { id: weld-01, name: Weld Cell 01, ideal_cycle_time: 6.0 }
        shifts:
          - { name: A, start: "00:00", end: "12:00" }
          - { name: B, start: "12:00", end: "00:00" }
        downtime_reasons:
          jam: Material jam
          tool_change: Tool change
        materials:
          - { id: steel, name: Steel coil, unit: kg }
        products:
          - id: bracket
            routing:
              - { op: stamp, machines: { press-01: 2s }, setup: 10m }
              - { op: weld, machines: { weld-01: 6s }, setup: 5m }
        alarms:
          - id: press-01-oil-hot
            machine: press-01
            when: { value: oil_temp, above: 80, deadband: 2 }
            priority: high
            message: Oil temperature high
          - id: press-02-oil-hot
            machine: press-02
            when: { value: oil_temp, above: 90, deadband: 2 }
            priority: critical
            message: Oil temperature critical
        """

    init() throws {
        folder = TemporaryFolder.make("gemba-e2e")
        runtime = folder + "/run"
        // The gemba binary sits beside the test bundle in the build folder.
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        gemba = bundleDir.appendingPathComponent("gemba").path
        try Self.plant.write(toFile: folder + "/plant.yaml", atomically: true, encoding: .utf8)
    }

    deinit {
        _ = try? tmux(["kill-server"])
        daemon?.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs a tool and returns what it printed. `detached` is for commands that
    /// leave a server behind (tmux new-session), which would hold a pipe open for ever.
    @discardableResult
    static func run(_ tool: String, _ args: [String], detached: Bool = false) throws -> String {
        let argv = (tool == "/usr/bin/env" ? [] : [tool]) + args
        if detached {
            let child = try Subprocess.spawn(argv)
            guard child.wait(timeout: 30) != nil else {
                child.signal(SIGKILL)
                throw SubprocessError(description: "\(argv.joined(separator: " ")) did not end within 30 s")
            }
            return ""
        }
        return try Subprocess.run(argv).output
    }

    func startDaemon() throws {
        let p = try Subprocess.spawn([
            gemba, "serve", "--config", folder + "/plant.yaml", "--db", folder + "/gemba.db", "--runtime-dir", runtime,
            "--log-file", folder + "/daemon.log",
        ])
        daemon = p
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: runtime + "/console.sock") {
            guard Date() < deadline, p.wait(timeout: 0) == nil else { throw CancellationError() }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Types keys one by one, as a person would (an Esc right before an arrow would read as one sequence).
    func keys(_ names: String...) throws {
        for k in names {
            try tmux(["send-keys", "-t", session, k])
            Thread.sleep(forTimeInterval: 0.15)
        }
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", session]) }

    func waitForScreen(_ what: String, timeout: Double = 15, _ ok: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var s = try screen()
        while !ok(s) {
            if Date() > deadline {
                Issue.record("screen never showed \(what); it shows:\n\(s)")
                return s
            }
            Thread.sleep(forTimeInterval: 0.1)
            s = try screen()
        }
        return s
    }

    /// Under a pipe or cron there is no terminal: the console says so and stops at once with
    /// status 2 (it used to spin a core for ever).
    @Test func theConsoleWithoutATerminalSaysSoAndExits() throws {
        let started = Date()
        let r = try Subprocess.run([gemba, "console", "--runtime-dir", folder + "/none"], timeout: 10)
        #expect(r.status == 2, "\(r.output)")
        #expect(r.output.contains("gemba console needs a terminal"), "\(r.output)")
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// A `gemba-console` of another build, left beside a new `gemba`, refuses to run.
    @Test func aConsoleBinaryOfAnotherBuildSaysSoInsteadOfRunning() throws {
        let console = (gemba as NSString).deletingLastPathComponent + "/gemba-console"
        let stale = try Subprocess.run([console, "--from-gemba", "0.0.1", "--runtime-dir", runtime])
        #expect(stale.status == 1)
        #expect(stale.output.contains("but gemba is 0.0.1: install both from the same build"))
        let same = try Subprocess.run([console, "--from-gemba", GembaVersion.current, "--runtime-dir", runtime])
        #expect(same.output.contains("console needs a terminal"), "the same build goes on (to need a terminal here)")
    }

    @Test func daemonTelemetryAndConsoleInTmux() throws {
        try startDaemon()
        let now = Int64(Date().timeIntervalSince1970) * 1_000_000_000
        let feed = TelemetrySender(path: runtime + "/telemetry.sock")
        try feed.connect()
        try feed.send(lines: [
            "machine,line=L1,machine=press-01 state=\"running\",count_total=1000i,count_reject=0i \(now - 60_000_000_000)",
            "machine,line=L1,machine=press-01 count_total=1042i,count_reject=3i \(now - 1_000_000_000)",
            "machine,line=L1,machine=press-02 state=\"down\",reason=\"jam\" \(now - 5_000_000_000)",
            "machine,line=L2,machine=weld-01 state=\"setup\",reason=\"changeover\" \(now)",
        ])

        try tmux(
            [
                "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                "env TERM=xterm-256color LANG=C.UTF-8 \(gemba) console --runtime-dir \(runtime)",
            ], detached: true)
        var s = try waitForScreen("the floor board") { $0.contains("Press 01") && $0.contains("jam") && $0.contains("SETUP") }
        #expect(s.contains("E2E Works"))
        // `gemba console` handed the terminal over to the console-only binary beside it.
        let pane = try tmux(["display-message", "-p", "-t", session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pane)/exe")
        #expect(exe.hasSuffix("/gemba-console"), "the console runs as \(exe)")
        #expect(s.contains("Stamping (L1)  1/2 running, 1 down"))
        #expect(s.contains("RUNNING"))
        #expect(s.contains("DOWN"))
        #expect(s.contains("39 ok"))
        #expect(s.contains("3 rej"))

        // A new sample shows up live.
        try feed.send(lines: ["machine,line=L1,machine=press-02 state=\"running\" \(now + 1_000_000_000)"])
        s = try waitForScreen("press-02 running") { $0.contains("Stamping (L1)  2/2 running") }

        // Enter opens the detail of the selected machine (Press 01).
        try tmux(["send-keys", "-t", session, "Enter"])
        s = try waitForScreen("the detail view") { $0.contains("Press 01 (press-01)") && $0.contains("State timeline") }
        #expect(s.contains("counters as reported: total 1,042, reject 3"))

        // OEE: the screen, then the same figures from the command line.
        try keys("Escape", "o")
        s = try waitForScreen("the OEE screen") { $0.contains("OEE  shift") && $0.contains("Losses: E2E Works") }
        #expect(s.contains("Stamping (L1)"))
        #expect(s.contains("= fully prod."))
        let json = try Self.run(gemba, ["oee", "--runtime-dir", runtime, "--machine", "press-01", "--json"])
        #expect(json.contains("\"convention\" : \"iso\""))
        #expect(json.contains("\"planned_busy\""))

        // weld-01 stops without a reason; an operator books one from its detail view.
        try feed.send(lines: ["machine,line=L2,machine=weld-01 state=\"down\" \(now + 2_000_000_000)"])
        try keys("Escape", "Right", "Right", "Enter")
        s = try waitForScreen("weld-01's detail") { $0.contains("Weld Cell 01 (weld-01)") && $0.contains("DOWN") }
        try keys("r")
        s = try waitForScreen("the reason picker") { $0.contains("Reason for weld-01 down") }
        try keys("Enter", "y")
        s = try waitForScreen("the booking") { $0.contains("booked jam for weld-01") }
        let status = try Self.run(gemba, ["status", "--runtime-dir", runtime, "--json"])
        #expect(status.contains("\"reason\" : \"jam\""))

        // A bad line is counted and shown on the status screen.
        try feed.send(lines: ["machine,machine=press-99 state=\"idle\""])
        try tmux(["send-keys", "-t", session, "s"])
        s = try waitForScreen("the status screen") { $0.contains("unknown machine \"press-99\"") }
        #expect(s.contains("rejected 1"))

        // An alarm: counted in the header of every screen, listed on the Alarms screen,
        // acknowledged there with a comment.
        try feed.send(lines: ["process,machine=press-01 oil_temp=86.5 \(now + 3_000_000_000)"])
        s = try waitForScreen("the alarm count in the header") { $0.split(separator: "\n").first?.contains("1 HIGH") == true }
        try keys("f", "a")
        s = try waitForScreen("the Alarms screen") { $0.contains("Oil temperature high (86.5)") }
        #expect(s.contains("UNACK"))
        try keys("a")
        s = try waitForScreen("the comment prompt") { $0.contains("Acknowledge press-01-oil-hot; comment:") }
        try tmux(["send-keys", "-t", session, "-l", "cooler fan replaced"])
        Thread.sleep(forTimeInterval: 0.2)
        try keys("Enter")
        s = try waitForScreen("the acknowledgement") { $0.contains("press-01-oil-hot acknowledged (audit record") }
        #expect(s.contains("ACKED"))
        #expect(s.split(separator: "\n").first?.contains("1 HIGH") == false, "no longer counted as unacknowledged")
        let alarms = try Self.run(gemba, ["alarms", "--runtime-dir", runtime, "--json"])
        #expect(alarms.contains("\"state\" : \"acknowledged\""))
        let audit = try Self.run(gemba, ["audit", "--runtime-dir", runtime, "--json"])
        #expect(audit.contains("\"comment\" : \"cooler fan replaced\""))
        #expect(audit.contains("\"action\" : \"classify_downtime\""), "the booking earlier is audited too")
        try keys("t")
        s = try waitForScreen("the Audit screen") { $0.contains("Audit trail:") && $0.contains("acknowledge_alarm") }

        // q quits and gives the terminal back.
        try tmux(["send-keys", "-t", session, "q"])
        let deadline = Date().addingTimeInterval(10)
        var alive = true
        while alive && Date() < deadline {
            let out = try tmux(["has-session", "-t", session])
            alive = !out.contains("can't find session") && !out.contains("no server")
            if alive { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(!alive, "the console did not quit on q")

        // The daemon stops cleanly on SIGTERM.
        let exit = daemon?.stop()
        daemon = nil
        #expect(exit == 0, "the daemon did not exit cleanly on SIGTERM")
    }

    @Test func aLineTerminalStartsAndFinishesItsMachinesNextOperation() throws {
        try startDaemon()
        let csv = folder + "/orders.csv"
        let due = ISOTime.format(Int64(Date().timeIntervalSince1970 + 86_400) * 1_000_000_000)
        try "Order No;Material;Qty;Due Date\nWO-7;bracket;40;\(due)\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try Self.run(gemba, ["import", "orders", csv, "--runtime-dir", runtime])
        #expect(imported.contains("imported 1 order(s): WO-7"), "\(imported)")
        let now = Int64(Date().timeIntervalSince1970) * 1_000_000_000
        let feed = TelemetrySender(path: runtime + "/telemetry.sock")
        try feed.connect()
        try feed.send(lines: ["machine,line=L1,machine=press-01 state=\"running\",count_total=1000i,count_reject=5i \(now)"])

        try tmux(
            [
                "new-session", "-d", "-s", session, "-x", "100", "-y", "24",
                "env TERM=xterm-256color LANG=C.UTF-8 \(gemba) console --station press-01 --runtime-dir \(runtime)",
            ], detached: true)
        var s = try waitForScreen("press-01's queue") { $0.contains("Press 01 (press-01)") && $0.contains("WO-7") }
        #expect(s.contains("1 stamp"))
        try keys("Enter")
        s = try waitForScreen("the input-lot prompt") { $0.contains("Start WO-7/1: scan input lots") }
        // A scanner sends an unknown lot and Enter at once: refused at that scan, the prompt stays.
        try tmux(["send-keys", "-t", session, "C-404", "Enter"])
        s = try waitForScreen("the scan refused") { $0.contains("no lot C-404") && $0.contains("Start WO-7/1: scan input lots") }
        try keys("Enter")
        s = try waitForScreen("the start") { $0.contains("WO-7/1 started on press-01") && $0.contains("RUNNING") }
        try feed.send(lines: ["machine,line=L1,machine=press-01 count_total=1037i,count_reject=7i \(now + 1_000_000_000)"])
        Thread.sleep(forTimeInterval: 0.3)
        try keys("f")
        s = try waitForScreen("the finish prompt with the counts") { $0.contains("Finish WO-7/1 on press-01: good scrap (counted) 35 2") }
        try keys("Enter")
        // 35 of the 40 ordered: the console asks before finishing short, and Enter alone is not a yes.
        s = try waitForScreen("the partial-finish question") { $0.contains("y: finish WO-7/1 short, 35 good + 2 scrap of 40") }
        try keys("Enter")
        s = try waitForScreen("the question again") { $0.contains("type y to finish WO-7/1 as partial") }
        try keys("y", "Enter")
        s = try waitForScreen("the output-lot prompt") { $0.contains("Output lot of WO-7/1") }
        try keys("Enter")
        s = try waitForScreen("the finish") { $0.contains("WO-7/1 finished (partial): 35 good, 2 scrap") }
        let orders = try Self.run(gemba, ["orders", "--runtime-dir", runtime, "--json"])
        #expect(orders.contains("\"good\" : 35"), "\(orders)")
        #expect(orders.contains("\"state\" : \"done\""))
        let queue = try Self.run(gemba, ["queue", "--machine", "weld-01", "--runtime-dir", runtime, "--json"])
        #expect(queue.contains("\"order\" : \"WO-7\""), "the next operation is queued on weld-01: \(queue)")
        try tmux(["send-keys", "-t", session, "q"])
    }

    /// A lead selects an alarm; a more urgent one arrives above it; the shelve goes to the one
    /// selected. A reason left empty keeps the prompt open, and a scanner-fast line typed next
    /// goes into the prompt, not to the list's keys.
    @Test func aShelveLandsOnTheAlarmSelectedWhileAnotherArrivesAbove() throws {
        try startDaemon()
        let now = Int64(Date().timeIntervalSince1970) * 1_000_000_000
        let feed = TelemetrySender(path: runtime + "/telemetry.sock")
        try feed.connect()
        try feed.send(lines: ["process,machine=press-01 oil_temp=86.5 \(now)"])
        try tmux(
            [
                "new-session", "-d", "-s", session, "-x", "100", "-y", "24",
                "env TERM=xterm-256color LANG=C.UTF-8 NO_COLOR=1 \(gemba) console --runtime-dir \(runtime)",
            ], detached: true)
        _ = try waitForScreen("the floor") { $0.contains("Press 01") }
        try keys("a")
        var s = try waitForScreen("the alarm") { $0.contains("▸") && $0.contains("Oil temperature high") }
        try feed.send(lines: ["process,machine=press-02 oil_temp=95 \(now + 1_000_000_000)"])
        s = try waitForScreen("the critical alarm above") { $0.contains("Oil temperature critical") }
        let rows = s.split(separator: "\n")
        let critical = rows.firstIndex { $0.contains("Oil temperature critical") } ?? 99
        let high = rows.firstIndex { $0.contains("Oil temperature high") } ?? 0
        #expect(critical < high, "the critical one sorts above")
        #expect(rows[high].contains("▸"), "the selection stayed on the alarm the lead selected: \(s)")
        try keys("z")
        s = try waitForScreen("the shelve prompt") { $0.contains("Shelve press-01-oil-hot for") }
        try keys("Enter")
        s = try waitForScreen("the reason prompt") { $0.contains("Reason for shelving press-01-oil-hot (required)") }
        try keys("Enter")
        s = try waitForScreen("the reason asked again") { $0.contains("shelving needs a reason") }
        // Readline keys: typed, wiped with Ctrl-U, then the real reason at scanner speed.
        try tmux(["send-keys", "-t", session, "-l", "oops"])
        try keys("C-u")
        try tmux(["send-keys", "-t", session, "waiting for maint", "Enter"])
        s = try waitForScreen("the shelve") { $0.contains("press-01-oil-hot shelved") }
        let alarms = try Self.run(gemba, ["alarms", "--runtime-dir", runtime, "--json"])
        let board = try JSONDecoder().decode(AlarmBoard.self, from: Data(alarms.utf8)).alarms
        #expect(board.first { $0.definition == "press-01-oil-hot" }?.state == .shelved)
        #expect(board.first { $0.definition == "press-01-oil-hot" }?.shelveReason == "waiting for maint")
        #expect(board.first { $0.definition == "press-02-oil-hot" }?.state == .unacknowledged, "the other alarm was not touched")
        try tmux(["send-keys", "-t", session, "q"])
    }

    @Test func aQualityEngineerTracesACoilAndContainsEverythingMadeFromIt() throws {
        try startDaemon()
        let rt = ["--runtime-dir", runtime]
        #expect(
            try Self.run(
                gemba, ["lot", "receive", "C-1", "--material", "steel", "--qty", "1000", "--supplier", "Acme", "--supplier-lot", "A-77"] + rt
            ).contains("C-1: 1000 kg steel, available"))
        #expect(
            try Self.run(
                gemba, ["lot", "produce", "B-1", "--material", "bracket", "--qty", "100", "--from", "C-1:300", "--machine", "press-01"] + rt
            ).contains("B-1: 100 pcs bracket"))
        _ = try Self.run(gemba, ["lot", "split", "B-1", "--into", "B-1a:40", "--into", "B-1b:60"] + rt)
        _ = try Self.run(gemba, ["lot", "ship", "B-1a", "--customer-order", "CO-5"] + rt)

        try tmux(
            [
                "new-session", "-d", "-s", session, "-x", "110", "-y", "24",
                "env TERM=xterm-256color LANG=C.UTF-8 \(gemba) console --runtime-dir \(runtime)",
            ], detached: true)
        _ = try waitForScreen("the floor") { $0.contains("Press 01") }
        try keys("w", "T")
        _ = try waitForScreen("the lot prompt") { $0.contains("Trace lot (type or scan):") }
        try tmux(["send-keys", "-t", session, "-l", "C-1"])
        Thread.sleep(forTimeInterval: 0.2)
        try keys("Enter")
        var s = try waitForScreen("the trace") { $0.contains("Trace C-1 forward (where used): 4 lots") }
        #expect(s.contains("C-1  steel 700 available  supplier lot A-77 (Acme)"))
        #expect(s.contains("B-1a  bracket 40 shipped"))
        #expect(s.contains("Shipped: B-1a → CO-5"))
        try keys("H", "c")
        _ = try waitForScreen("the hold prompt") { $0.contains("Hold and contain (LOT reason):") }
        try tmux(["send-keys", "-t", session, "-l", "C-1 cracked coil"])
        Thread.sleep(forTimeInterval: 0.2)
        try keys("Enter")
        s = try waitForScreen("the hold") { $0.contains("hold #1: 2 lot(s) held; already shipped: B-1a → CO-5") }
        s = try waitForScreen("the hold in the list") { $0.contains("Holds: 1 active on 2 lot(s)") }
        let refused = try Subprocess.run([gemba, "lot", "produce", "B-2", "--material", "bracket", "--qty", "1", "--from", "C-1:1"] + rt)
        #expect(refused.status != 0)
        #expect(refused.output.contains("lot C-1 is on hold #1 (cracked coil): it cannot be consumed"), "\(refused.output)")
        let holds = try Self.run(gemba, ["holds", "--json"] + rt)
        for field in [
            "\"id\" : 1", "\"scope\" : \"lot\"", "\"lots\"", "\"reason\" : \"cracked coil\"", "\"placed_by\"", "\"placed_at\"",
            "\"status\" : \"active\"",
        ] {
            #expect(holds.contains(field), "gemba holds --json lacks \(field)")
        }
        try tmux(["send-keys", "-t", session, "q"])
    }

    /// `gemba demo` as a person runs it: the demo plant's three lines and twelve machines,
    /// states changing live, and `q` (then Ctrl-C) giving the terminal back as it was: the
    /// same tty settings, the cursor shown, the normal screen.
    @Test(arguments: ["q", "C-c"]) func theDemoShowsALivePlantAndGivesTheTerminalBack(quitKey: String) throws {
        let demoPlant = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/demo-plant.yaml").path
        let plant = try PlantConfigLoader.load(yaml: String(contentsOfFile: demoPlant, encoding: .utf8), file: demoPlant)
        #expect(plant.lines.count >= 3 && plant.machines.count >= 12)
        let script = """
            before=$(stty -g); \(gemba) demo --runtime-dir \(folder)/demo; code=$?; \
            [ "$before" = "$(stty -g)" ] && echo TERMINAL-RESTORED; echo "DEMO-EXITED $code"; sleep 120
            """
        try script.write(toFile: folder + "/demo.sh", atomically: true, encoding: .utf8)
        try tmux(
            ["new-session", "-d", "-s", session, "-x", "120", "-y", "40", "env LANG=C.UTF-8 bash --norc --noprofile \(folder)/demo.sh"],
            detached: true)
        let first = try waitForScreen("the demo's floor board", timeout: 30) { s in plant.machines.allSatisfy { s.contains($0.name) } }
        for line in plant.lines { #expect(first.contains("\(line.name) (\(line.id))")) }
        // States change live: the tiles' state words differ from the first screen's within a minute.
        let words: Set<Substring> = ["RUNNING", "IDLE", "STARVED", "BLOCKED", "SETUP", "DOWN", "PLANNED", "OFFLINE"]
        func states(_ s: String) -> [Substring] { s.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter(words.contains) }
        _ = try waitForScreen("a machine changing state", timeout: 60) { states($0) != states(first) }
        try tmux(["send-keys", "-t", session, quitKey])
        let after = try waitForScreen("the shell after the demo") { $0.contains("DEMO-EXITED") }
        #expect(after.contains("TERMINAL-RESTORED"), "stty settings differ after the demo")
        #expect(after.contains("DEMO-EXITED 0") || quitKey == "C-c")
        #expect(!after.contains("Stamping (L1)"), "the board is left on the screen")
        let flags = try tmux(["display-message", "-p", "-t", session, "#{cursor_flag} #{alternate_on}"])
        #expect(flags.trimmingCharacters(in: .whitespacesAndNewlines) == "1 0", "cursor shown, normal screen: \(flags)")
    }

    /// Another program holding the database's write lock (a report script, the sqlite3 shell)
    /// delays the daemon's writes, not its answers: OEE is answered at once and counts the
    /// batch waiting to be written; once the lock is gone it is written, once.
    @Test func aBusyDatabaseDelaysWritesButNotAnswersAndLosesNothing() throws {
        try startDaemon()
        let now = Int64(Date().timeIntervalSince1970) * 1_000_000_000
        let feed = TelemetrySender(path: runtime + "/telemetry.sock")
        try feed.connect()
        try feed.send(lines: ["machine,line=L1,machine=press-01 state=\"running\",count_total=0i,count_reject=0i \(now - 20_000_000_000)"])
        Thread.sleep(forTimeInterval: 0.3)
        let errors = open(folder + "/locker.err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(errors) }
        let locker = try Subprocess.spawn(
            [
                "python3", "-c",
                """
                import pathlib, sqlite3, sys, time
                c = sqlite3.connect(sys.argv[1], isolation_level=None)
                c.execute('BEGIN IMMEDIATE')
                pathlib.Path(sys.argv[2] + '/locked').touch()
                time.sleep(2)
                pathlib.Path(sys.argv[2] + '/releasing').touch()
                c.execute('COMMIT')
                """,
                folder + "/gemba.db", folder,
            ], output: errors)
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: folder + "/locked") && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        try #require(
            FileManager.default.fileExists(atPath: folder + "/locked"),
            "python3 could not lock the database: \((try? String(contentsOfFile: folder + "/locker.err", encoding: .utf8)) ?? "")")
        try feed.send(lines: ["machine,line=L1,machine=press-01 state=\"down\",reason=\"jam\" \(now - 10_000_000_000)"])
        Thread.sleep(forTimeInterval: 0.2)  // a flush drains it and waits for the lock
        let window = ["--machine", "press-01", "--from", ISOTime.format(now - 20_000_000_000), "--to", ISOTime.format(now), "--json"]
        let during = try JSONDecoder().decode(OEEResult.self, from: Data(Self.run(gemba, ["oee", "--runtime-dir", runtime] + window).utf8))
        #expect(!FileManager.default.fileExists(atPath: folder + "/releasing"), "the answer waited for the other program's lock")
        #expect(during.time.production == 10, "the running interval waiting to be written is counted")
        #expect(during.time.delay == 10)
        #expect(during.time.offline == 0)
        #expect(locker.wait(timeout: 10) == 0)
        Thread.sleep(forTimeInterval: 0.3)
        let after = try JSONDecoder().decode(OEEResult.self, from: Data(Self.run(gemba, ["oee", "--runtime-dir", runtime] + window).utf8))
        #expect(after.time == during.time, "written once: the same figures, nothing counted twice")
        let log = try String(contentsOfFile: folder + "/daemon.log", encoding: .utf8)
        #expect(!log.contains("cannot write"), "the write waited for the lock instead of failing")
    }

    @Test func brokenConfigIsRefusedWithFileLineAndColumn() throws {
        let bad = Self.plant.replacingOccurrences(of: "id: press-02", with: "id: press-01")
        try bad.write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
        let out = try Self.run(gemba, ["check-config", folder + "/bad.yaml"])
        #expect(out.contains("bad.yaml:9:"))
        #expect(out.contains("duplicate machine id \"press-01\""))
        let ok = try Self.run(gemba, ["check-config", folder + "/plant.yaml"])
        #expect(ok.contains("OK"))
        // The files the plant file names must be there: the daemon would not start without them.
        let tls = Self.plant.replacingOccurrences(
            of: "plant: ", with: "mqtt: { broker: \"mqtts://127.0.0.1:8883\", tls: { ca: /nonexistent/ca.pem } }\nplant: ")
        try tls.write(toFile: folder + "/tls.yaml", atomically: true, encoding: .utf8)
        let missing = try Self.run(gemba, ["check-config", folder + "/tls.yaml"])
        #expect(missing.contains("mqtt.tls.ca /nonexistent/ca.pem does not exist"), "\(missing)")
        #expect(!missing.contains("OK"))
        // An enterprise daemon's file says which sites it reads, from which edge nodes.
        let enterprise =
            "plant: Enterprise\nmqtt: { broker: mqtt://127.0.0.1 }\nenterprise:\n  - { site: Plant1, group: Gemba, edge_node: plant-1 }\n"
        try enterprise.write(toFile: folder + "/enterprise.yaml", atomically: true, encoding: .utf8)
        let sites = try Self.run(gemba, ["check-config", folder + "/enterprise.yaml"])
        #expect(sites.contains("Enterprise, 0 lines, 0 machines, 0 shifts, 1 enterprise site: Plant1 (Gemba/plant-1)"), "\(sites)")
    }
}
