import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TriageCore
import TriageExtract
import TriagePipeline
import TriageService
import TriageStorage

/// `triage serve`: Comprehend's API (real-time endpoints and classification jobs) over HTTP, so
/// boto3 and the AWS CLI work with only `endpoint_url` changed.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve Comprehend's JSON 1.1 API: ClassifyDocument, endpoints, and classification jobs.",
        discussion: """
            POST / with X-Amz-Target: Comprehend_20171127.<Operation>; GET /healthz; GET /metrics (Prometheus). \
            Endpoints are kept in endpoints.json beside the journal. Jobs go to the same journal the CLI and \
            `triage watch` use, and this process runs them (one at a time, like watch) unless --no-worker. \
            With credentials, every request must carry a valid SigV4 signature for them; without, the server \
            listens on loopback only. Prints `listening on http://HOST:PORT` once it accepts requests; SIGTERM or \
            SIGINT stops it gracefully (a running job checkpoints and is finished by the next start).
            """)

    @Option(help: "A model file: serve it as the endpoint --endpoint-name (created, or pointed at this model).")
    var model: String?

    @Option(help: "The name of the endpoint --model creates.")
    var endpointName: String = "default"

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port; the one bound is printed).")
    var port: Int = 8080

    @Option(help: "The access key id requests must be signed with (env TRIAGE_ACCESS_KEY_ID).")
    var accessKeyId: String?

    @Option(help: "The secret access key requests must be signed with (env TRIAGE_SECRET_ACCESS_KEY).")
    var secretAccessKey: String?

    @Option(help: "Request bodies larger than this many bytes are refused before being read (Comprehend's limit is 10 MB).")
    var maxBodyBytes: Int = 10_000_000

    @Option(help: "ClassifyDocument Text longer than this many UTF-8 bytes gets TextSizeLimitExceededException (Comprehend's is 10 KB).")
    var maxTextBytes: Int = 1 << 20

    @Flag(help: "Do not run submitted jobs here: leave them to a separate `triage watch`.")
    var noWorker = false

    @Option(help: "Seconds between the worker's looks at the journal for submitted jobs.")
    var workerInterval: Double = 1

    @Option(help: "The endpoints file (default: endpoints.json beside the journal).")
    var endpoints: String?

    @OptionGroup var job: JobOptionGroup

    @OptionGroup var storage: StorageOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard maxBodyBytes >= 1 else { throw ValidationError("--max-body-bytes must be at least 1") }
        guard maxTextBytes >= 1 else { throw ValidationError("--max-text-bytes must be at least 1") }
        guard workerInterval > 0, workerInterval.isFinite else { throw ValidationError("--worker-interval must be positive") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (accessKeyId == nil) == (secretAccessKey == nil) else {
            throw ValidationError("give --access-key-id and --secret-access-key together")
        }
    }

    func run() async throws {
        let logger = global.makeLogger()
        try await reportingErrors {
            let environment = ProcessInfo.processInfo.environment
            let keyId = accessKeyId ?? environment["TRIAGE_ACCESS_KEY_ID"]
            let secret = secretAccessKey ?? environment["TRIAGE_SECRET_ACCESS_KEY"]
            guard (keyId == nil) == (secret == nil) else {
                throw TriageError(.invalidArgument, "set both TRIAGE_ACCESS_KEY_ID and TRIAGE_SECRET_ACCESS_KEY, or neither")
            }
            let credentials = keyId.map { AWSCredentials(accessKeyId: $0, secretAccessKey: secret ?? "") }
            let server = ServerConfiguration(host: host, port: port, credentials: credentials, maxBodyBytes: maxBodyBytes)
            try server.validate()

            let registry = try EndpointRegistry(
                path: endpoints ?? LocalFiles.join(LocalFiles.folder(of: global.journalPath()), "endpoints.json"), owner: job.owner)
            if let model {
                let path = LocalFiles.absolute(model)
                do throws(ComprehendError) {
                    // An existing endpoint is pointed at the model as it is now (the file may have been retrained).
                    if (try? registry.endpoint(endpointName)) != nil {
                        try registry.update(endpointName, modelPath: path, inferenceUnits: nil, dataAccessRoleArn: nil)
                    } else {
                        try registry.create(name: endpointName, modelPath: path, inferenceUnits: 1)
                    }
                } catch {
                    throw TriageError(.invalidModel, "cannot serve \(model) as endpoint \(endpointName): \(error.message)")
                }
            }

            try await storage.withClient(for: [], always: true, logger: logger) { s3 in
                let runner = try job.runner(global: global, s3: s3, logger: logger)
                let options = try job.jobOptions()
                let api = ComprehendAPI(
                    endpoints: registry, runner: runner, owner: job.owner, jobOptions: options, policy: options.policy,
                    documents: SingleDocument(
                        reading: ReadingOptions(readMode: options.documentReadMode, limits: options.limits, maxTextBytes: maxTextBytes),
                        pool: ClassificationPool(width: job.concurrency)),
                    maxTextBytes: maxTextBytes)
                let host = self.host
                let names = registry.endpoints.map { Endpoint.arn(name: $0.name, owner: job.owner) }
                let application = ComprehendServer.application(
                    api: api, configuration: server, metrics: ServerMetrics(), logger: logger
                ) { port in
                    var lines = "listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port)\n"
                    for arn in names { lines += "endpoint \(arn)\n" }
                    FileHandle.standardOutput.write(Data(lines.utf8))
                }
                var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                    .init(service: application, successTerminationBehavior: .gracefullyShutdownGroup)
                ]
                if !noWorker {
                    let watcher = Watcher(
                        runner: runner, target: nil,
                        stateFolder: global.watchesFolder(), logger: logger)
                    let worker = WatchService(
                        watcher: watcher, interval: .milliseconds(Int64((workerInterval * 1000).rounded())), once: false,
                        logger: logger)
                    services.append(.init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup))
                }
                var configuration = ServiceGroupConfiguration(
                    services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
                configuration.maximumGracefulShutdownDuration = .seconds(60)
                try await ServiceGroup(configuration: configuration).run()
            }
        }
    }
}
