import ArgumentParser
import Foundation
import TriageCore
import TriagePipeline
import TriageService

/// `triage start-job`: Comprehend's StartDocumentClassificationJob.
struct StartJobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start-job",
        abstract: "Submit a classification job (Comprehend's StartDocumentClassificationJob) and print its id and status.",
        discussion: """
            The job is journaled as SUBMITTED; `triage watch` (or `serve`) runs it, or --wait runs it here to the end. \
            Structures take the AWS CLI's shorthand (S3Uri=s3://b/in/,InputFormat=ONE_DOC_PER_LINE) or JSON. \
            The same --client-request-token twice returns the same job.
            """)

    @Option(help: ArgumentHelp("Comprehend's request as JSON; options given here win over it.", valueName: "file://PATH"))
    var cliInputJson: String?

    @Option(help: "A name for the job.")
    var jobName: String?

    @Option(help: ArgumentHelp("The model file written by `triage train`.", valueName: "model"))
    var documentClassifierArn: String?

    @Option(help: ArgumentHelp("S3Uri=PREFIX,InputFormat=ONE_DOC_PER_FILE|ONE_DOC_PER_LINE (or JSON).", valueName: "config"))
    var inputDataConfig: String?

    @Option(help: ArgumentHelp("S3Uri=PREFIX[,KmsKeyId=ID] (or JSON).", valueName: "config"))
    var outputDataConfig: String?

    @Option(help: "An idempotency token: a second start-job with the same token returns the first job.")
    var clientRequestToken: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Tags: Key=K,Value=V ... (or a JSON list).", valueName: "tag"))
    var tags: [String] = []

    @Option(help: "Kept with the job, as Comprehend does; Triage reads S3 with the AWS credential chain.")
    var dataAccessRoleArn: String?

    @Option(help: "Kept with the job, as Comprehend does.")
    var volumeKmsKeyId: String?

    @Flag(help: "Run the job here to the end; the printed status is then its final one.")
    var wait = false

    @OptionGroup var job: JobOptionGroup

    @OptionGroup var storage: StorageOptions

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let state = try await reportingErrors { () async throws -> JobState in
            var request = try cliInputJson.map(JobRequestFile.read) ?? JobRequest()
            if let jobName { request.jobName = jobName }
            if let documentClassifierArn { request.documentClassifierArn = documentClassifierArn }
            if let inputDataConfig {
                request.inputDataConfig = try Shorthand.decode(JobRequest.Input.self, from: inputDataConfig, option: "--input-data-config")
            }
            if let outputDataConfig {
                request.outputDataConfig = try Shorthand.decode(JobRequest.Output.self, from: outputDataConfig, option: "--output-data-config")
            }
            if let clientRequestToken { request.clientRequestToken = clientRequestToken }
            if !tags.isEmpty { request.tags = try Self.parseTags(tags) }
            if let dataAccessRoleArn { request.dataAccessRoleArn = dataAccessRoleArn }
            if let volumeKmsKeyId { request.volumeKmsKeyId = volumeKmsKeyId }
            // Like the AWS CLI: without a token, one is made, so this request alone is idempotent.
            if request.clientRequestToken == nil { request.clientRequestToken = UUID().uuidString.lowercased() }
            let spec = try job.spec(from: request, source: cliInputJson)
            return try await storage.withClient(for: wait ? [spec.inputURI, spec.outputURI] : [], logger: logger) { s3 in
                let runner = try job.runner(global: global, s3: s3, logger: logger)
                let submitted = try runner.submit(spec)
                guard wait else { return submitted }
                return try await ForegroundJob.run(submitted.spec.jobId, with: runner)
            }
        }
        try printJSON(JobStatusResponse(jobId: state.spec.jobId, jobArn: state.spec.jobArn, jobStatus: state.status))
        if wait {
            let code = ForegroundJob.exitCode(for: state)
            if code != 0 { throw ExitCode(code) }
        }
    }

    /// `Key=K,Value=V` items (or one JSON list) as tags.
    static func parseTags(_ items: [String]) throws -> [JobTag] {
        if items.count == 1, items[0].trimmingCharacters(in: .whitespaces).hasPrefix("[") {
            return try Shorthand.decode([JobTag].self, from: items[0], option: "--tags")
        }
        return try items.map { try Shorthand.decode(JobTag.self, from: $0, option: "--tags") }
    }
}

/// `triage stop-job`: asks a job to stop at the next document boundary.
struct StopJobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop-job",
        abstract: "Stop a SUBMITTED or IN_PROGRESS job; it packs the records done so far and ends STOPPED.",
        discussion: """
            A SUBMITTED job is STOPPED at once. An IN_PROGRESS job becomes STOP_REQUESTED; the process running it stops \
            at the next document boundary, packs output.tar.gz with the records written so far and ends STOPPED (or \
            COMPLETED if it finished first). If no process is running it (it was interrupted), stop-job packs it itself. \
            Stopping a COMPLETED, FAILED or STOPPED job is an error (exit 2).
            """)

    @Argument(help: "The job's id.")
    var jobId: String

    @Flag(help: "Wait until the job has ended, and print its final status.")
    var wait = false

    @OptionGroup var storage: StorageOptions

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let logger = global.makeLogger()
        let state = try await reportingErrors { () async throws -> JobState in
            let journal = Journal(path: global.journalPath())
            let runner = JobRunner(
                journal: journal, configuration: RunnerConfiguration(concurrency: 1, workRoot: global.workRoot()), logger: logger)
            var state = try runner.requestStop(jobId)
            if state.status == .stopRequested, LockFile.holder(of: runner.lockPath(jobId)).isEmpty {
                // Nobody is running it: pack and publish what its last checkpoint holds, here.
                state = try await storage.withClient(for: [state.spec.inputURI, state.spec.outputURI], logger: logger) { s3 in
                    let packer = JobRunner(
                        journal: journal, configuration: runner.configuration, resolver: StoreResolver(s3: s3), logger: logger)
                    do {
                        return try await packer.run(jobId: jobId)
                    } catch let error as TriageError where error.code == .jobBusy {
                        return state  // a worker took it in the meantime: it will stop it
                    }
                }
            }
            while wait, !state.status.isTerminal {
                try await Task.sleep(for: .milliseconds(200))
                state = try journal.job(jobId)
            }
            return state
        }
        try printJSON(JobStatusResponse(jobId: state.spec.jobId, jobArn: nil, jobStatus: state.status))
    }
}
