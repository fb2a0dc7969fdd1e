import ArgumentParser
import Foundation
import TriageCore
import TriagePipeline

/// `triage run`: submits a job and runs it to the end in the foreground.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one classification job to the end and print its description.",
        discussion: "Exits 0 when the job COMPLETED, 1 when it FAILED.")

    @Option(help: ArgumentHelp(
        "A job specification: Comprehend's StartDocumentClassificationJob request as JSON.",
        discussion: "file://PATH or PATH; options given on the command line win over it.",
        valueName: "file://PATH"))
    var cliInputJson: String?

    @Option(help: "Input file or prefix: every file whose path starts with it, recursively.")
    var input: String?

    @Option(help: "Output folder: <output>/<owner>-CLN-<JobId>/output/output.tar.gz is written under it.")
    var output: String?

    @Option(help: "The model file written by `triage train`.")
    var model: String?

    @Option(help: "ONE_DOC_PER_FILE or ONE_DOC_PER_LINE.")
    var format: DocumentFormat?

    @Option(help: "A name for the job.")
    var jobName: String?

    @Option(help: "The owner part of the output folder name (Comprehend's account id).")
    var owner: String = "local"

    @OptionGroup var classification: ClassificationOptions

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
            let request = try cliInputJson.map(JobRequestFile.read) ?? JobRequest()
            guard let input = input ?? request.inputDataConfig?.s3Uri,
                let output = output ?? request.outputDataConfig?.s3Uri,
                let model = model ?? request.documentClassifierArn,
                let format = format ?? request.inputDataConfig?.inputFormat
            else {
                throw TriageError(
                    .invalidArgument,
                    "the job specification \(cliInputJson ?? "") lacks InputDataConfig, OutputDataConfig or DocumentClassifierArn")
            }
            let jobId = JobSpec.newJobId()
            let spec = JobSpec(
                jobId: jobId,
                jobName: jobName ?? request.jobName ?? "job-\(jobId.prefix(8))",
                inputURI: LocalPath.absolutePrefix(input),
                inputFormat: format,
                outputURI: LocalPath.absolutePrefix(output),
                modelPath: LocalPath.absolute(model),
                owner: owner)
            return try await storage.withClient(for: [input, output], logger: logger) { s3 in
                let runner = JobRunner(
                    journal: Journal(path: global.journalPath()),
                    configuration: try classification.runnerConfiguration(workRoot: global.workRoot()),
                    resolver: StoreResolver(s3: s3),
                    logger: logger)
                let submitted = try runner.submit(spec)
                return try await runner.run(submitted)
            }
        }
        try printJSON(DescribeResponse(properties: JobDescription(state)))
        if state.status == .failed { throw ExitCodes.jobFailed }
    }
}

/// Options that shape classification, shared by `run` and later job commands.
struct ClassificationOptions: ParsableArguments {
    @Option(help: "Documents classified at once (default: the number of cores).")
    var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var decision: DecisionOptions

    @Option(help: "Documents larger than this many bytes get a DOCUMENT_SIZE_EXCEEDED error record.")
    var maxDocumentBytes: Int = RunnerConfiguration.defaultMaxDocumentBytes

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard maxDocumentBytes >= 1 else { throw ValidationError("--max-document-bytes must be at least 1") }
    }

    /// The runner configuration these options describe.
    func runnerConfiguration(workRoot: String) throws -> RunnerConfiguration {
        RunnerConfiguration(
            concurrency: concurrency, workRoot: workRoot, maxDocumentBytes: maxDocumentBytes, policy: try decision.policy())
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

/// Path helpers for the CLI.
enum LocalPath {
    /// `path` made absolute, so journaled paths stay valid from any folder.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// A local prefix made absolute, keeping a trailing `/` (it changes what the prefix matches);
    /// a URI with a scheme other than `file://` is kept as it is.
    static func absolutePrefix(_ prefix: String) -> String {
        if prefix.contains("://"), !prefix.hasPrefix("file://") { return prefix }
        let path = prefix.hasPrefix("file://") ? String(prefix.dropFirst("file://".count)) : prefix
        let absolute = Self.absolute(path)
        return path.hasSuffix("/") && !absolute.hasSuffix("/") ? absolute + "/" : absolute
    }
}
