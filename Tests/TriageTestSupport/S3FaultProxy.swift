import Foundation

/// `scripts/s3-fault-proxy` in front of the S3 test server: requests reach the real server, but
/// the first few are throttled (503 SlowDown) or have their answers cut mid-body, as a busy or
/// flaky store does. Stopped when released.
public final class S3FaultProxy {
    /// `http://127.0.0.1:PORT` of the proxy.
    public let endpoint: String
    private let process: Process
    private let logPath: String

    /// Starts a proxy to the test server that throttles the first `throttle` requests and cuts
    /// the first `cuts` GET answers longer than `cutBytes` after `cutBytes` bytes of body.
    public init(throttle: Int = 0, cuts: Int = 0, cutBytes: Int = 1 << 20, logIn folder: TemporaryFolder) throws {
        guard let upstream = S3TestServer.endpoint else { throw TestFailure("no S3 test server: run the tests with scripts/test") }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/s3-fault-proxy").path
        logPath = folder.path + "/proxy-\(UUID().uuidString).log"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script, "--upstream", upstream, "--throttle", String(throttle), "--cuts", String(cuts),
            "--cut-bytes", String(cutBytes), "--log", logPath,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // The first line is the port.
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw TestFailure("scripts/s3-fault-proxy did not print its port")
        }
        endpoint = "http://127.0.0.1:\(port)"
    }

    deinit {
        // SIGKILL, not terminate(): a child of the test runner may inherit a blocked SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// One line per request seen so far: `METHOD PATH range=RANGE -> OUTCOME`.
    public var log: [String] {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
