import ArgumentParser
import Foundation
import Logging
import TriageCore
import TriagePipeline
import TriageService
import TriageStorage

/// `triage run`: submits a job and runs it to the end in the foreground.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one classification job to the end and print its description.",
        discussion: """
            Exits 0 when the job COMPLETED, 1 when it FAILED, 75 when SIGTERM or SIGINT interrupted it (it stays \
            IN_PROGRESS; `triage watch --once` finishes it).
            """)

    @Option(help: ArgumentHelp(
        "A job specification: Comprehend's StartDocumentClassificationJob request as JSON.",
        discussion: "file://PATH or PATH; options given on the command line win over it.",
        valueName: "file://PATH"))
    var cliInputJson: String?

    @Option(help: "Input file or prefix: every file whose path starts with it, recursively (or s3://bucket/prefix).")
    var input: String?

    @Option(help: "Output folder or s3:// prefix: <output>/<owner>-CLN-<JobId>/output/output.tar.gz is written under it.")
    var output: String?

    @Option(help: "The model file written by `triage train`.")
    var model: String?

    @Option(help: "ONE_DOC_PER_FILE or ONE_DOC_PER_LINE.")
    var format: DocumentFormat?

    @Option(help: "A name for the job.")
    var jobName: String?

    @OptionGroup var job: JobOptionGroup

    @OptionGroup var storage: StorageOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if cliInputJson == nil, input == nil || output == nil || model == nil || format == nil {
            throw ValidationError("give --input, --output, --model and --format, or --cli-input-json")
        }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let state = try await reportingErrors { () async throws -> JobState in
            var request = try cliInputJson.map(JobRequestFile.read) ?? JobRequest()
            request.jobName = jobName ?? request.jobName
            request.documentClassifierArn = model ?? request.documentClassifierArn
            request.inputDataConfig = JobRequest.Input(
                s3Uri: input ?? request.inputDataConfig?.s3Uri, inputFormat: format ?? request.inputDataConfig?.inputFormat,
                documentReaderConfig: request.inputDataConfig?.documentReaderConfig)
            request.outputDataConfig = JobRequest.Output(
                s3Uri: output ?? request.outputDataConfig?.s3Uri, kmsKeyId: request.outputDataConfig?.kmsKeyId)
            let spec = try job.spec(from: request, source: cliInputJson)
            return try await storage.withClient(for: [spec.inputURI, spec.outputURI], logger: logger) { s3 in
                let runner = try job.runner(global: global, s3: s3, logger: logger)
                let submitted = try runner.submit(spec)
                return try await ForegroundJob.run(submitted.spec.jobId, with: runner)
            }
        }
        try printJSON(DescribeJobResponse(properties: JobDescription(state)))
        let code = ForegroundJob.exitCode(for: state)
        if code != 0 { throw ExitCode(code) }
    }
}

/// How a job classifies and how this process runs it: shared by `run`, `start-job` and `watch`.
struct JobOptionGroup: ParsableArguments {
    @Option(help: "The owner part of the output folder name (Comprehend's account id).")
    var owner: String = "local"

    @Option(help: "Documents classified at once (default: the number of cores).")
    var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var decision: DecisionOptions

    @Option(help: "Documents larger than this many bytes get a DOCUMENT_SIZE_EXCEEDED error record.")
    var maxDocumentBytes: Int = JobOptions.defaultMaxDocumentBytes

    @Option(help: "Seconds between checkpoints of a running job: the most work a crash can cost.")
    var checkpointInterval: Double = 1

    @Option(help: "Seconds between progress log lines when standard error is not a terminal.")
    var progressInterval: Double = 10

    @OptionGroup var documents: DocumentOptions

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard maxDocumentBytes >= 1 else { throw ValidationError("--max-document-bytes must be at least 1") }
        guard checkpointInterval > 0, checkpointInterval.isFinite else { throw ValidationError("--checkpoint-interval must be positive") }
        guard progressInterval > 0, progressInterval.isFinite else { throw ValidationError("--progress-interval must be positive") }
    }

    /// The job options these options describe; `request` gives the reader configuration when
    /// `--document-reader-config` does not.
    func jobOptions(_ request: JobRequest? = nil) throws -> JobOptions {
        JobOptions(
            policy: try decision.policy(), maxDocumentBytes: maxDocumentBytes,
            documentReaderConfig: try documents.readerConfig() ?? request?.inputDataConfig?.documentReaderConfig,
            splitPages: documents.splitPages, limits: documents.limits())
    }

    /// A runner on the journal `global` names, with the process's S3 client.
    func runner(global: GlobalOptions, s3: S3Client?, logger: Logger) throws -> JobRunner {
        JobRunner(
            journal: Journal(path: global.journalPath()),
            configuration: RunnerConfiguration(
                concurrency: concurrency, workRoot: global.workRoot(),
                checkpointInterval: .milliseconds(Int64((checkpointInterval * 1000).rounded()))),
            resolver: StoreResolver(s3: s3),
            logger: logger,
            progress: ProgressDisplay(logger: logger, logInterval: progressInterval))
    }

    /// The specification of a new job asked for by `request` (`source` names where it came from,
    /// for errors), with the options of this group.
    func spec(from request: JobRequest, source: String?) throws -> JobSpec {
        try JobSpec(request: request, owner: owner, options: try jobOptions(request), source: source)
    }
}

/// Reads a `--cli-input-json` job specification.
enum JobRequestFile {
    /// Decodes the request at `file://PATH` or `PATH`; errors name the file.
    static func read(_ location: String) throws -> JobRequest {
        let path = location.hasPrefix("file://") ? String(location.dropFirst("file://".count)) : location
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TriageError(.notFound, "cannot read job specification \(path)")
        }
        do {
            return try JSONDecoder().decode(JobRequest.self, from: data)
        } catch {
            throw TriageError(.invalidArgument, "job specification \(path) is not a valid request", cause: DescribedCause(error))
        }
    }
}
