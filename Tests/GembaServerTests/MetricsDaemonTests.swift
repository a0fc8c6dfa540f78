import Foundation
import GembaClient
import GembaCore
import GembaMQTT
import GembaServer
import GembaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `/metrics` as a monitoring system reads it: the exposition passes `promtool check metrics`,
/// OpenMetrics is served to a scraper that asks for it, and the real Prometheus server scrapes
/// the daemon and answers a machine's OEE exactly as `gemba oee --json` does.
@Suite(.serialized)
struct MetricsDaemonTests {
    static let s = Nanos.perSecond
    /// 2025-11-24T10:00:00Z, in shift A of the test plant.
    static let tenOClock: Timestamp = 1_763_978_400 * Nanos.perSecond

    /// press-01 ran 30 minutes (800 parts, 20 rejected), was down 20 minutes for a jam, and runs
    /// again; the oil is hot, so an alarm is active and unacknowledged.
    static func floor(_ h: DaemonHarness, _ clock: ScriptedClock) throws {
        let t = tenOClock
        // Each line when it happens (the clock at its time: a feed behind the clock is a backfill, which raises no alarm).
        let lines: [(Timestamp, String)] = [
            (t, "machine,machine=press-01 state=\"running\",count_total=0i,count_reject=0i \(t)"),
            (t, "process,machine=press-01 oil_temp=60 \(t)"),
            (t + 1800 * s, "machine,machine=press-01 state=\"down\",reason=\"jam\",count_total=800i,count_reject=20i \(t + 1800 * s)"),
            (t + 1800 * s, "process,machine=press-01 oil_temp=85 \(t + 1800 * s)"),
            (t + 3000 * s, "machine,machine=press-01 state=\"running\",count_total=800i,count_reject=20i \(t + 3000 * s)"),
            (t + 3000 * s, "machine,machine=press-02 state=\"idle\" \(t + 3000 * s)"),
            (t + 3600 * s, "process,machine=press-01 oil_temp=85.5 \(t + 3600 * s)"),
        ]
        for (k, (at, line)) in lines.enumerated() {
            clock.set(at)
            try h.send([line])
            _ = try h.waitFor("line \(k + 1)") { s in s.telemetry.accepted == Int64(k + 1) }
        }
        _ = try h.waitFor("the floor and its alarm") { s in
            s.machines.first { $0.id == "press-01" }?.state == .running && s.telemetry.accepted == 7
                && (s.alarms?.alarms ?? []).contains { $0.definition == "press-01-oil-hot" && $0.active }
        }
    }

    static func harness() throws -> (DaemonHarness, ScriptedClock) {
        let clock = ScriptedClock(at: tenOClock)
        let h = try DaemonHarness(extra: Plants.oilHotAlarm, clock: clock.now, metrics: true)
        try floor(h, clock)
        return (h, clock)
    }

    @Test func theExpositionPassesPromtoolAndSaysWhatTheFloorIs() throws {
        let (h, _) = try Self.harness()
        let port = try #require(h.daemon.metricsPort)
        let reply = try HTTP.get(port: port, path: "/metrics")
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let body = reply.body
        #expect(body.contains("gemba_machine_state{line=\"L1\",machine=\"press-01\",state=\"running\"} 1\n"))
        #expect(body.contains("gemba_machine_state{line=\"L1\",machine=\"press-01\",state=\"down\"} 0\n"))
        #expect(body.contains("gemba_machine_state_duration_seconds{line=\"L1\",machine=\"press-01\"} 600\n"))
        #expect(body.contains("gemba_machine_shift_good_parts{line=\"L1\",machine=\"press-01\"} 780\n"))
        #expect(body.contains("gemba_machine_shift_reject_parts{line=\"L1\",machine=\"press-01\"} 20\n"))
        #expect(body.contains("gemba_process_value{line=\"L1\",machine=\"press-01\",name=\"oil_temp\"} 85.5\n"))
        #expect(body.contains("gemba_alarms_active{priority=\"high\"} 1\n"))
        #expect(body.contains("gemba_alarms_unacknowledged{priority=\"high\"} 1\n"))
        #expect(body.contains("gemba_telemetry_accepted_total 7\n"))
        #expect(body.contains("gemba_build_info{version=\"test\"} 1\n"))
        #expect(body.contains("gemba_plant_oee_ratio "))
        #expect(body.contains("gemba_line_oee_ratio{line=\"L1\"} "))
        let lint = try Self.run("/usr/bin/promtool", ["check", "metrics"], stdin: body)
        #expect(lint.status == 0, "promtool check metrics: \(lint.output)")
        #expect(lint.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "promtool check metrics: \(lint.output)")

        let open = try HTTP.get(port: port, path: "/metrics", accept: "application/openmetrics-text;version=1.0.0,text/plain;q=0.5")
        #expect(open.headers["content-type"]?.hasPrefix("application/openmetrics-text; version=1.0.0") == true)
        #expect(open.body.hasSuffix("# EOF\n"))
        #expect(open.body.contains("# TYPE gemba_telemetry_accepted counter\n"))
        #expect(open.body.contains("gemba_telemetry_accepted_total 7\n"))

        #expect(try HTTP.get(port: port, path: "/").status == 404)
        #expect(try HTTP.get(port: port, path: "/metrics", method: "POST").status == 405)
    }

    @Test func prometheusScrapesTheOEEThatGembaOEEAnswers() throws {
        let (h, _) = try Self.harness()
        let port = try #require(h.daemon.metricsPort)
        let web = MosquittoBroker.freePort()
        let config = """
            global: { scrape_interval: 1s, evaluation_interval: 1s }
            scrape_configs:
              - job_name: gemba
                static_configs: [{ targets: ["127.0.0.1:\(port)"] }]
            """
        try config.write(toFile: h.folder + "/prometheus.yml", atomically: true, encoding: .utf8)
        let prometheus = Process()
        prometheus.executableURL = URL(fileURLWithPath: "/usr/bin/prometheus")
        prometheus.arguments = [
            "--config.file=\(h.folder)/prometheus.yml", "--storage.tsdb.path=\(h.folder)/prometheus-data",
            "--web.listen-address=127.0.0.1:\(web)",
        ]
        prometheus.standardOutput = FileHandle.nullDevice
        prometheus.standardError = FileHandle.nullDevice
        try prometheus.run()
        defer {
            prometheus.terminate()
            prometheus.waitUntilExit()
        }
        // Prometheus' answer once it has scraped: its HTTP API, as a dashboard would ask.
        let query = "gemba_machine_oee_ratio{machine=\"press-01\"}"
        var scraped: Double?
        let deadline = Date().addingTimeInterval(60)
        while scraped == nil, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.5)
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
            guard let reply = try? HTTP.get(port: web, path: "/api/v1/query?query=\(encoded)"), reply.status == 200 else { continue }
            scraped = Self.firstValue(reply.body)
        }
        let value = try #require(scraped, "Prometheus did not scrape gemba within 60 s")
        let oee = try JSONDecoder().decode(
            Reply<OEEResult>.self, from: Data(h.request(Requests.OEEQuery(machine: "press-01"), as: .daemon).line.utf8)
        ).result
        let expected = try #require(oee.oee)
        #expect(value == expected)
        #expect(expected > 0 && expected < 1)
    }

    /// Scrapers that hold connections open cannot take the daemon's descriptors: past 64 at
    /// once a connection is closed as it arrives, and a scrape works again when they go.
    @Test func connectionsBeyondTheCapAreClosedAndScrapingResumes() throws {
        let (h, _) = try Self.harness()
        let port = try #require(h.daemon.metricsPort)
        var held: [Int32] = []
        defer { for fd in held { close(fd) } }
        for _ in 0..<64 { held.append(try HTTP.open(port: port)) }
        Thread.sleep(forTimeInterval: 0.3)
        let extra = try HTTP.open(port: port)
        var byte: UInt8 = 0
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(extra, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        #expect(recv(extra, &byte, 1, 0) == 0, "the 65th connection is closed at once")
        close(extra)
        for fd in held.prefix(8) { close(fd) }
        held.removeFirst(8)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try HTTP.get(port: port, path: "/metrics").status == 200)
    }

    /// `data.result[0].value[1]` of a Prometheus instant query, as a number.
    static func firstValue(_ json: String) -> Double? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let data = object["data"] as? [String: Any], let result = data["result"] as? [[String: Any]],
            let pair = result.first?["value"] as? [Any], pair.count == 2, let text = pair[1] as? String
        else { return nil }
        return Double(text)
    }

    static func run(_ tool: String, _ arguments: [String], stdin: String) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        let input = Pipe()
        let output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = output
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A plain HTTP/1.1 GET over a loopback socket: what a scraper sends, with nothing between.
enum HTTP {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    /// A connection to 127.0.0.1:`port` that has sent nothing yet.
    static func open(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ConnectionError("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw ConnectionError("connect to 127.0.0.1:\(port): \(errno)")
        }
        return fd
    }

    static func get(port: Int, path: String, accept: String? = nil, method: String = "GET") throws -> Reply {
        let fd = try open(port: port)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let accept { request += "Accept: \(accept)\r\n" }
        request += method == "POST" ? "Content-Length: 0\r\n\r\n" : "\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw ConnectionError("no HTTP reply from port \(port): \(text.prefix(200))") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = String(text[split.upperBound...])
        if headers["transfer-encoding"] == "chunked" { body = dechunk(body) }
        return Reply(status: status, headers: headers, body: body)
    }

    /// A chunked body put back together (sizes in hex, each on its own line, 0 at the end).
    static func dechunk(_ text: String) -> String {
        var rest = Substring(text)
        var out = ""
        while let end = rest.range(of: "\r\n"), let size = Int(rest[..<end.lowerBound], radix: 16), size > 0 {
            let start = end.upperBound
            let stop = rest.utf8.index(start, offsetBy: size, limitedBy: rest.utf8.endIndex) ?? rest.utf8.endIndex
            out += rest[start..<stop]
            rest = rest[stop...].dropFirst(2)
        }
        return out
    }
}
