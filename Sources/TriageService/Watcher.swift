import Foundation
import Logging
import TriageCore
import TriageModel
import TriagePipeline
import TriageStorage

/// One pass of the daemon over a journal: fold completed watch jobs into their ledgers, turn
/// objects that appeared under the watched prefix into a new job, then run every job that waits
/// (SUBMITTED ones, and IN_PROGRESS ones whose process died), one at a time.
///
/// Several watchers may share a journal: a job is run by whoever takes its lock, and new objects
/// are claimed inside a journal transaction, so no object is put in two jobs and no job runs twice.
public struct Watcher: Sendable {
    /// Runs the jobs and owns the journal.
    public let runner: JobRunner
    /// The prefix watched for new input; nil to only run the journal's waiting jobs.
    public let target: WatchTarget?
    /// Where watches keep their manifests and ledgers (`watches/` beside the journal).
    public let stateFolder: String
    private let logger: Logger

    /// Makes a watcher.
    public init(runner: JobRunner, target: WatchTarget?, stateFolder: String, logger: Logger) {
        self.runner = runner
        self.target = target
        self.stateFolder = stateFolder
        self.logger = logger
    }

    /// What a pass did.
    public struct Report: Sendable, Hashable {
        /// The job made from new input, if any.
        public var submitted: String?
        /// Jobs the pass ran, by how they ended.
        public var completed: [String] = []
        public var failed: [String] = []
        public var stopped: [String] = []
        /// Jobs another process was running.
        public var busy: [String] = []
        /// The pass stopped early for a shutdown; the job it was running stays IN_PROGRESS.
        public var interrupted = false
        /// Why the watched prefix could not be scanned, if it could not.
        public var scanError: String?

        /// True when every job the pass ran COMPLETED and nothing went wrong.
        public var succeeded: Bool { failed.isEmpty && stopped.isEmpty && !interrupted && scanError == nil }
    }

    /// The folder of watch `id`.
    func folder(_ id: String) -> String { LocalFiles.join(stateFolder, id) }

    /// Runs one pass.
    public func pass(interruption: JobInterruption) async throws -> Report {
        var report = Report()
        try fold(try runner.journal.jobs())
        if let target {
            do {
                report.submitted = try await scan(target)
            } catch let error as TriageError where error.code == .journal {
                throw error
            } catch {
                report.scanError = "\(DescribedCause(error))"
                logger.error("cannot scan the watched input", metadata: ["input": "\(target.input)", "error": "\(DescribedCause(error))"])
            }
        }
        for job in try runner.journal.jobs() where Self.waits(job) {
            if interruption.isInterrupted {
                report.interrupted = true
                break
            }
            let state: JobState
            do {
                state = try await runner.run(jobId: job.spec.jobId, interruption: interruption)
            } catch let error as TriageError where error.code == .jobBusy {
                logger.notice("skipping a job another process is running", metadata: ["job.id": "\(job.spec.jobId)", "why": "\(error.message)"])
                report.busy.append(job.spec.jobId)
                continue
            }
            switch state.status {
            case .completed: report.completed.append(state.spec.jobId)
            case .failed: report.failed.append(state.spec.jobId)
            case .stopped: report.stopped.append(state.spec.jobId)
            case .submitted, .inProgress, .stopRequested: report.interrupted = true
            }
            if report.interrupted { break }
        }
        // Fold what this pass completed at once, so the next pass (or another watcher) finds it done.
        try fold(try runner.journal.jobs())
        return report
    }

    /// Whether a job waits for a worker: SUBMITTED, or left running by a process that is gone
    /// (a process that is alive holds the job's lock, and `run` says so).
    static func waits(_ job: JobState) -> Bool {
        switch job.status {
        case .submitted, .inProgress, .stopRequested: return true
        case .completed, .failed, .stopped: return false
        }
    }

    /// Folds the manifests of ended watch jobs: a COMPLETED job's objects go into its watch's
    /// ledger; a FAILED or STOPPED job's objects are released, to be classified by a later job.
    func fold(_ jobs: [JobState]) throws {
        for job in jobs where job.status.isTerminal {
            guard let watch = job.spec.watch, let manifest = job.spec.manifest, FileManager.default.fileExists(atPath: manifest) else {
                continue
            }
            if job.status == .completed, let fingerprint = job.model?.fingerprint {
                let objects = try InputManifest.read(manifest)
                try ledger(watch).record(objects.map { ClassifiedLedger.digest($0, model: fingerprint) }, job: job.spec.jobId)
            }
            unlink(manifest)
        }
    }

    func ledger(_ watch: String) -> ClassifiedLedger {
        ClassifiedLedger(folder: LocalFiles.join(folder(watch), "ledger"))
    }

    /// Lists the watched prefix and submits a job over the objects not yet classified with the
    /// current model and not already in another job; returns the new job's id.
    ///
    /// The listing is read first; what is already classified or claimed is decided inside the
    /// journal's lock, so two watchers never put an object in two jobs.
    func scan(_ target: WatchTarget) async throws -> String? {
        let fingerprint = try Classifier.load(path: target.model).fingerprint
        let store = try runner.resolver.store(for: target.input)
        let listed = try await store.list(prefix: target.input)
        let manifests = LocalFiles.join(folder(target.id), "manifests")
        let ledger = ledger(target.id)
        return try runner.journal.transact { jobs -> (events: [JobEvent], result: String?) in
            let done = try ledger.load()
            // Objects in a job still waiting or running, or completed with this model but not yet
            // folded into the ledger, are not new.
            var claimed = Set<String>()
            for job in jobs where job.spec.watch == target.id {
                let counts = !job.status.isTerminal || (job.status == .completed && job.model?.fingerprint == fingerprint)
                guard counts, let manifest = job.spec.manifest, FileManager.default.fileExists(atPath: manifest) else { continue }
                for object in try InputManifest.read(manifest) { claimed.insert(Self.identity(object)) }
            }
            let fresh = listed.filter {
                !done.contains(ClassifiedLedger.digest($0, model: fingerprint)) && !claimed.contains(Self.identity($0))
            }
            guard !fresh.isEmpty else { return ([], nil) }
            let jobId = JobSpec.newJobId()
            let manifest = LocalFiles.join(manifests, "\(jobId).jsonl")
            try LocalFiles.makeFolders(manifests)
            try InputManifest.write(fresh, to: manifest)
            let spec = JobSpec(
                jobId: jobId, jobName: "watch-\(target.id.prefix(8))-\(jobId.prefix(8))", inputURI: target.input,
                inputFormat: target.format, outputURI: target.output, modelPath: target.model, owner: target.owner,
                options: target.options, manifest: manifest, watch: target.id)
            logger.info("new input: submitting a job", metadata: [
                "job.id": "\(jobId)", "objects": "\(fresh.count)", "listed": "\(listed.count)",
            ])
            return ([JobState.submit(spec, at: Date()).1], jobId)
        }.result
    }

    /// An object as listed: its key and version (its ETag, or for a local file its time and size).
    static func identity(_ object: ObjectInfo) -> String {
        "\(object.key)\u{0}\(object.etag ?? "")\u{0}\(object.size)"
    }
}
