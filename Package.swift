// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Triage",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "triage", targets: ["triage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Native libraries: one shim target each, imported only by the Swift file that wraps it.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        .systemLibrary(
            name: "CTesseract",
            pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev", "libleptonica-dev", "tesseract-ocr-eng"])]
        ),
        // Not a library: clang's prefetch builtin, which Swift has no counterpart for (header only).
        .systemLibrary(name: "CPrefetch"),
        // poppler-cpp is C++: a small C++ target exposes a plain C header, so no Swift target needs
        // C++ interoperability.
        .target(
            name: "CPoppler",
            linkerSettings: [.linkedLibrary("poppler-cpp")]
        ),

        .target(name: "TriageCore"),
        .target(
            name: "TriageStorage",
            dependencies: [
                "TriageCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "TriageExtract", dependencies: ["TriageCore", "CArchive", "CPoppler", "CTesseract", "CZlib"]),
        .target(name: "TriageModel", dependencies: ["TriageCore", "CZlib", "CPrefetch"]),
        .target(
            name: "TriagePipeline",
            dependencies: [
                "TriageCore", "TriageStorage", "TriageExtract", "TriageModel", "CZlib",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TriageService",
            dependencies: [
                "TriageCore", "TriageStorage", "TriageModel", "TriagePipeline",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "triage",
            dependencies: [
                "TriageCore", "TriageStorage", "TriageExtract", "TriageModel", "TriagePipeline", "TriageService",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // Helpers shared by the test targets (temporary folders, running programs).
        .target(name: "TriageTestSupport", dependencies: ["TriagePipeline"], path: "Tests/TriageTestSupport"),
        .testTarget(name: "TriageCoreTests", dependencies: ["TriageCore"]),
        .testTarget(
            name: "TriageStorageTests",
            dependencies: ["TriageStorage", "TriageTestSupport", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["SigV4TestSuite"]),
        .testTarget(name: "TriageExtractTests", dependencies: ["TriageExtract", "TriageTestSupport"]),
        .testTarget(name: "TriageModelTests", dependencies: ["TriageModel", "TriageTestSupport"]),
        .testTarget(
            name: "TriagePipelineTests",
            dependencies: ["TriagePipeline", "TriageModel", "TriageExtract", "TriageTestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "TriageServiceTests",
            dependencies: [
                "TriageService", "TriagePipeline", "TriageModel", "TriageStorage", "TriageExtract", "TriageTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "EndToEndTests", dependencies: ["TriageTestSupport"], exclude: ["Clients"]),
    ],
    cxxLanguageStandard: .cxx17
)
