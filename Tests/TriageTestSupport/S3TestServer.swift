import Foundation

/// The S3-compatible server that `scripts/test` starts (SeaweedFS on 127.0.0.1) and the AWS CLI
/// pointed at it: the independent client that checks what Triage wrote.
public enum S3TestServer {
    /// `http://127.0.0.1:PORT`, when the server is running for this test run.
    public static var endpoint: String? {
        ProcessInfo.processInfo.environment["TRIAGE_TEST_S3_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the S3 tests can run.
    public static var isConfigured: Bool { endpoint != nil }

    /// Runs the AWS CLI against the server and returns its standard output.
    @discardableResult
    public static func aws(_ arguments: [String]) throws -> String {
        guard let endpoint else { throw TestFailure("no S3 test server: run the tests with scripts/test") }
        return try runTool("aws", ["--endpoint-url", endpoint] + arguments)
    }

    /// Creates a bucket with a fresh name and returns the name.
    public static func makeBucket(_ stem: String) throws -> String {
        let name = "\(stem)-\(UUID().uuidString.lowercased().prefix(12))"
        try aws(["s3", "mb", "s3://\(name)"])
        return name
    }
}
