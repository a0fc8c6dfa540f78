// swift-tools-version:6.1
// Gemba's benchmarks: their own package, so that `swift test` at the root never
// builds the harness. Run with `swift package --disable-sandbox benchmark` here.
import PackageDescription

let package = Package(
    name: "GembaBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Gemba", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // The genealogy benchmark prepares its worst case on a copy of the database directly.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "ParserBenchmark",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GembaCore", package: "Gemba"),
                .product(name: "GembaServer", package: "Gemba"),
            ],
            path: "Benchmarks/ParserBenchmark",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "IngestBenchmark",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GembaCore", package: "Gemba"),
                .product(name: "GembaPlantFile", package: "Gemba"),
                .product(name: "GembaServer", package: "Gemba"),
                .product(name: "GembaClient", package: "Gemba"),
            ],
            path: "Benchmarks/IngestBenchmark",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "OEEBenchmark",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GembaCore", package: "Gemba"),
                .product(name: "GembaPlantFile", package: "Gemba"),
                .product(name: "GembaStore", package: "Gemba"),
            ],
            path: "Benchmarks/OEEBenchmark",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SchedulerBenchmark",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GembaCore", package: "Gemba"),
                .product(name: "GembaPlantFile", package: "Gemba"),
                .product(name: "GembaServer", package: "Gemba"),
                .product(name: "GembaClient", package: "Gemba"),
            ],
            path: "Benchmarks/SchedulerBenchmark",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "HistoryBenchmark",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GembaCore", package: "Gemba"),
                .product(name: "GembaStore", package: "Gemba"),
            ],
            path: "Benchmarks/HistoryBenchmark",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "GenealogyBenchmark",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GembaCore", package: "Gemba"),
                .product(name: "GembaStore", package: "Gemba"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/GenealogyBenchmark",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
