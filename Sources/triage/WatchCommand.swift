import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TriageCore
import TriagePipeline
import TriageService
import TriageStorage

/// `triage watch`: the daemon, or one pass of it for cron.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Run jobs as input arrives: watch a prefix, run submitted jobs, finish interrupted ones.",
        discussion: """
            Each pass: objects that appeared under --input since they were last classified (new key, or a changed \
            ETag / size and time, or a new model) become one job; then every SUBMITTED job of the journal runs, and \
            every job a killed process left IN_PROGRESS resumes from its last checkpoint, one at a time. Runs until \
            SIGTERM or SIGINT (the running job checkpoints and stays IN_PROGRESS; the next start finishes it), or with \
            --once does one pass and exits: 0 when every job it ran COMPLETED, 1 otherwise, 75 when interrupted. \
            Without --input, it only runs the journal's jobs.
            """)

    @Option(help: "The prefix to watch (a folder or s3://bucket/prefix).")
    var input: String?

    @Option(help: "Where the watch's jobs write their output.")
    var output: String?

    @Option(help: "The model file; it is read afresh for every job, so replacing it takes effect on the next job.")
    var model: String?

    @Option(help: "ONE_DOC_PER_FILE or ONE_DOC_PER_LINE.")
    var format: DocumentFormat = .oneDocPerFile

    @Option(help: "Seconds between passes.")
    var interval: Double = 30

    @Flag(help: "One pass, then exit (for cron).")
    var once = false

    @OptionGroup var job: JobOptionGroup

    @OptionGroup var storage: StorageOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        let given = [input, output, model].filter { $0 != nil }.count
        guard given == 0 || given == 3 else { throw ValidationError("give --input, --output and --model together, or none") }
        guard interval > 0, interval.isFinite else { throw ValidationError("--interval must be positive") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let reports = WatchService.Reports()
        try await reportingErrors {
            let target = try input.map { input in
                WatchTarget(
                    input: LocalFiles.absolutePrefix(input), output: LocalFiles.absolutePrefix(output ?? ""),
                    model: LocalFiles.absolute(model ?? ""), format: format, owner: job.owner, options: try job.jobOptions())
            }
            // Jobs submitted while the daemon runs may read or write s3://, so the client is always made.
            try await storage.withClient(for: [], always: true, logger: logger) { s3 in
                let runner = try job.runner(global: global, s3: s3, logger: logger)
                let watcher = Watcher(
                    runner: runner, target: target,
                    stateFolder: global.watchesFolder(), logger: logger)
                let service = WatchService(
                    watcher: watcher, interval: .milliseconds(Int64((interval * 1000).rounded())), once: once,
                    reports: reports, logger: logger)
                var configuration = ServiceGroupConfiguration(
                    services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
                configuration.maximumGracefulShutdownDuration = .seconds(60)
                try await ServiceGroup(configuration: configuration).run()
            }
        }
        let all = reports.all
        if all.contains(where: \.interrupted) || all.isEmpty { throw ExitCodes.interrupted }
        if all.contains(where: { !$0.succeeded }) { throw ExitCodes.jobFailed }
    }
}
