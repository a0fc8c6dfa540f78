import Foundation

/// A real Sparkplug B edge node for the tests (`Tests/Peers/sparkplug_edge_node.py`:
/// pysparkplug's payloads over paho-mqtt), driven one JSON command at a time. `.ci/run`
/// installs its Python packages.
public final class SparkplugEdgeNodePeer {
    private let process: Process
    private let input: FileHandle
    private let output: FileHandle
    private var buffered: [UInt8] = []

    public static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Peers/sparkplug_edge_node.py").path
    }

    public init(port: Int, group: String, edgeNode: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, String(port), group, edgeNode]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
    }

    /// Sends one command and waits for its answer; throws the peer's reason for an error.
    public func run(_ command: String) throws {
        try input.write(contentsOf: Array((command + "\n").utf8))
        while !buffered.contains(UInt8(ascii: "\n")) {
            // What is there now (read(upToCount:) would wait for all 4096 bytes).
            let chunk = output.availableData
            guard !chunk.isEmpty else {
                throw PeerError("the edge node ended before answering \(command)")
            }
            buffered.append(contentsOf: chunk)
        }
        let end = buffered.firstIndex(of: UInt8(ascii: "\n")) ?? buffered.endIndex
        let answer = String(decoding: buffered[..<end], as: UTF8.self)
        buffered.removeSubrange(...end)
        guard answer == "ok" else { throw PeerError("edge node: \(answer) (for \(command))") }
    }

    /// True once the process has ended (after `die`).
    public var hasEnded: Bool { !process.isRunning }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
