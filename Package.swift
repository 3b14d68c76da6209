// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "ocpp-diag",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "OCPPDiagnostics", targets: ["OCPPDiagnostics"]),
        .executable(name: "ocpp-diag", targets: ["ocpp-diag"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // zlib from the system, for reading gzip-compressed logs as a stream. A system
        // library rather than compress-nio: that package would bring in SwiftNIO only to inflate.
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // What the measured hot paths of a batch run need and Swift cannot express: the
        // validating skip over payloads no rule reads, with sixteen-byte string scans
        // (json_scan.c), and a software prefetch (include/prefetch.h).
        .target(name: "CFastPaths", path: "Sources/CFastPaths"),
        // The library: ingest → order → engine → report, plus the rule loader.
        // Each stage lives in its own folder under Sources/OCPPDiagnostics.
        .target(
            name: "OCPPDiagnostics",
            dependencies: [
                "CZlib",
                "CFastPaths",
                .product(name: "Yams", package: "Yams"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // The repository's top-level Rules/ folder, bundled as a resource so the
        // binary finds the built-in pack from any working directory.
        .target(
            name: "BuiltinRules",
            path: ".",
            // Everything else at the top level belongs to other targets or is not code.
            exclude: [
                "Sources/OCPPDiagnostics", "Sources/ocpp-diag", "Sources/CZlib", "Sources/CFastPaths", "Tests", "Examples", "docs", "Benchmarks",
                "README.md", "CHANGELOG.md",
            ],
            sources: ["Sources/BuiltinRules"],
            resources: [.copy("Rules")]
        ),
        .executableTarget(
            name: "ocpp-diag",
            dependencies: [
                "OCPPDiagnostics",
                "BuiltinRules",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Deterministic fleet-log generator for the benchmark (Benchmarks/run.sh).
        .executableTarget(name: "fleet-gen", dependencies: ["OCPPDiagnostics"], path: "Benchmarks/FleetGen"),
        .testTarget(
            name: "OCPPDiagnosticsTests",
            dependencies: ["OCPPDiagnostics", "BuiltinRules", "ocpp-diag", "fleet-gen"],
            // Sample logs read by path at test time, not compiled or bundled.
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
