// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Gemba",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gemba", targets: ["gemba"]),
        .executable(name: "gemba-console", targets: ["gemba-console"]),
        .library(name: "GembaCore", targets: ["GembaCore"]),
        .library(name: "GembaPlantFile", targets: ["GembaPlantFile"]),
        .library(name: "GembaStore", targets: ["GembaStore"]),
        .library(name: "GembaServer", targets: ["GembaServer"]),
        .library(name: "GembaClient", targets: ["GembaClient"]),
        .library(name: "GembaConsole", targets: ["GembaConsole"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Sparkplug B payloads: the runtime for the code generated once from our .proto.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // The plant's model and every decision, with no I/O and no third-party code: the console
        // links it, so what it pulls in stays resident on every line terminal.
        .target(name: "GembaCore", swiftSettings: strict),
        // The plant file (YAML through Yams) read into GembaCore's PlantConfig.
        .target(name: "GembaPlantFile", dependencies: ["GembaCore", .product(name: "Yams", package: "Yams")], swiftSettings: strict),
        // The audit trail's hash chain and anchors (SHA-256 and HMAC from swift-crypto).
        .target(
            name: "GembaAuditChain", dependencies: ["GembaCore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(
            name: "GembaStore",
            dependencies: [
                "GembaCore", "GembaAuditChain", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's own API, for the one loop that reads 130,000 rows in a query (history).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // MQTT through libmosquitto, the Eclipse reference client (Debian libmosquitto-dev).
        .systemLibrary(name: "CMosquitto", providers: [.apt(["libmosquitto-dev"])]),
        .target(
            name: "GembaMQTT",
            dependencies: ["CMosquitto", "GembaCore", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
            swiftSettings: strict),
        // Modbus TCP through libmodbus (Debian libmodbus-dev).
        .systemLibrary(name: "CModbus", providers: [.apt(["libmodbus-dev"])]),
        .target(name: "GembaModbus", dependencies: ["CModbus", "GembaCore"], swiftSettings: strict),
        // Sparkplug B 3.0: the payload (generated from Proto/sparkplug_b.proto) and the host's session rules.
        .target(
            name: "GembaSparkplug",
            dependencies: ["GembaCore", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Proto"],
            swiftSettings: strict),
        // ISA-95 exchange with the ERP: B2MML 0701 documents read and written through FoundationXML
        // (the toolchain's XMLParser and XMLDocument over libxml2), so no third-party package.
        .target(name: "GembaExchange", dependencies: ["GembaCore"], swiftSettings: strict),
        .target(
            name: "GembaServer",
            dependencies: [
                "GembaCore", "GembaPlantFile", "GembaAuditChain", "GembaStore", "GembaMQTT", "GembaSparkplug", "GembaModbus", "GembaExchange",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // `/metrics` for Prometheus: HTTP/1.1 from SwiftNIO, which the daemon runs on already.
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Every program that talks to a running daemon: the console protocol (typed requests,
        // reconnection), the telemetry sender, replay and the simulator.
        .target(name: "GembaClient", dependencies: ["GembaCore"], swiftSettings: strict),
        .target(name: "GembaConsole", dependencies: ["GembaCore"], swiftSettings: strict),
        .systemLibrary(name: "CNCursesW", providers: [.apt(["libncurses-dev"])]),
        .target(name: "GembaTerminal", dependencies: ["GembaConsole", "GembaClient", "CNCursesW"], swiftSettings: strict),
        .executableTarget(
            name: "gemba",
            dependencies: [
                "GembaCore", "GembaPlantFile", "GembaAuditChain", "GembaStore", "GembaServer", "GembaClient", "GembaConsole", "GembaTerminal",
                "GembaMQTT", "GembaSparkplug", "GembaExchange",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The console alone (`gemba console` hands over to it): no daemon, database or CLI code,
        // so a line terminal's console stays small.
        // Linked with the Swift runtime and Foundation inside and at a fixed address: a shared
        // runtime or a position-independent image makes the loader touch (relocate) megabytes of
        // metadata the console never reads (docs/reliability.md has the figures).
        .executableTarget(
            name: "gemba-console", dependencies: ["GembaCore", "GembaTerminal"],
            swiftSettings: strict,
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-static-stdlib", "-Xlinker", "-no-pie",
                        // What static Foundation needs (the modules were built against the shared one).
                        "-lCoreFoundation", "-lFoundationEssentials", "-lFoundationInternationalization", "-l_FoundationICU",
                        "-l_FoundationCShims", "-l_FoundationCollections", "-lswiftSynchronization", "-lswiftDispatch",
                    ], .when(platforms: [.linux]))
            ]),
        // What the test targets share (only they depend on it): loose requests for hostile cases, the
        // daemon harness and requests as a person of a role, plant fixtures, a scripted clock.
        .target(
            name: "GembaTesting",
            dependencies: [
                "GembaCore", "GembaPlantFile", "GembaClient", "GembaServer", "GembaMQTT",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/GembaTesting",
            swiftSettings: strict
        ),
        .testTarget(name: "GembaCoreTests", dependencies: ["GembaCore", "GembaPlantFile", "GembaAuditChain"], swiftSettings: strict),
        .testTarget(name: "GembaExchangeTests", dependencies: ["GembaExchange", "GembaPlantFile"], swiftSettings: strict),
        .testTarget(name: "GembaStoreTests", dependencies: ["GembaStore"], swiftSettings: strict),
        .testTarget(
            name: "GembaSparkplugTests",
            dependencies: ["GembaSparkplug", "GembaPlantFile", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: strict),
        .testTarget(
            name: "GembaServerTests",
            dependencies: [
                "GembaServer", "GembaClient", "GembaTesting", "GembaConsole", "GembaStore", "GembaMQTT", "GembaSparkplug", "GembaModbus",
                "GembaExchange", .product(name: "NIOCore", package: "swift-nio"), .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                // A test holds the database's writer the way another write in the daemon would.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "GembaConsoleTests", dependencies: ["GembaConsole", "GembaClient"], swiftSettings: strict),
        .testTarget(name: "GembaTerminalTests", dependencies: ["GembaTerminal"], swiftSettings: strict),
        // End to end: the real `gemba` binary (built with the package) in tmux.
        .testTarget(name: "GembaEndToEndTests", dependencies: ["GembaServer", "GembaClient", "GembaTesting", "gemba"], swiftSettings: strict),
    ]
)
