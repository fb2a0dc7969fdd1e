import ArgumentParser
import Foundation
import Logging
import TriageStorage

/// S3 settings shared by the commands that read or write `s3://` URIs. Credentials come from the
/// environment and the AWS shared files, the way the AWS CLI finds them.
struct StorageOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "An S3-compatible endpoint, e.g. http://127.0.0.1:8333 (default: AWS S3; env AWS_ENDPOINT_URL).",
        valueName: "url"))
    var endpointUrl: String?

    @Option(help: "The signing region (env AWS_REGION or AWS_DEFAULT_REGION, else the profile's, else us-east-1).")
    var region: String?

    @Flag(help: "Send unsigned requests, for public buckets.")
    var noSignRequest = false

    @Option(help: "Part size of multipart uploads of the output archive, in MiB (at least 5).")
    var partSizeMib: Int = 8

    @Flag(inversion: .prefixedNo, help: "Path-style addressing (endpoint/bucket/key); default: on for --endpoint-url, off for AWS.")
    var pathStyle: Bool?

    func validate() throws {
        guard partSizeMib >= 5 else { throw ValidationError("--part-size-mib must be at least 5 (S3's smallest part)") }
        if let endpointUrl, !(endpointUrl.hasPrefix("http://") || endpointUrl.hasPrefix("https://")) {
            throw ValidationError("--endpoint-url must start with http:// or https://")
        }
    }

    /// The configuration these options and the environment describe (the environment is read here,
    /// at the entry point, and nowhere else).
    func configuration() -> (S3Configuration, credentialSource: String) {
        let chain = AWSConfigurationChain(environment: ProcessInfo.processInfo.environment) { path in
            try? String(contentsOfFile: path, encoding: .utf8)
        }
        let configuration = S3Configuration(
            endpoint: endpointUrl ?? chain.endpoint, region: region ?? chain.region,
            credentials: noSignRequest ? nil : chain.credentials, pathStyle: pathStyle, partSize: partSizeMib << 20)
        return (configuration, noSignRequest ? "unsigned" : chain.credentialSource)
    }

    /// Runs `body` with the process's one S3 client when any of `uris` is `s3://` or `always`
    /// (else nil), and shuts the client down afterwards, whatever `body` did.
    func withClient<T>(
        for uris: [String], always: Bool = false, logger: Logger, _ body: (S3Client?) async throws -> T
    ) async throws -> T {
        guard always || uris.contains(where: S3Location.isS3) else { return try await body(nil) }
        let (configuration, source) = configuration()
        logger.info("s3", metadata: [
            "endpoint": "\(configuration.endpoint ?? "aws")", "region": "\(configuration.region)", "credentials": "\(source)",
        ])
        let client = S3Client(configuration: configuration)
        do {
            let result = try await body(client)
            try? await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
