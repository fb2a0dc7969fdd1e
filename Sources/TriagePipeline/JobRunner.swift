import Foundation
import Logging
import TriageCore
import TriageExtract
import TriageModel
import TriageStorage

/// Runs classification jobs: the only place that knows the order of the stages.
///
/// list input -> split into documents -> classify on the pool (bounded window) -> write records
/// in input order -> pack output.tar.gz -> publish it. Every status transition comes from
/// `JobState` and is journaled (fsync'ed) before the runner acts on it. A running job makes its
/// progress durable every `checkpointInterval` (its files fsync'ed, then a journal checkpoint), so
/// a job interrupted at any point, by a crash or a shutdown, is resumed from its last checkpoint
/// and ends with exactly the records an uninterrupted run writes.
public struct JobRunner: Sendable {
    /// Where transitions are recorded.
    public let journal: Journal
    /// Concurrency, batching, checkpoints and working folders.
    public let configuration: RunnerConfiguration
    /// Picks the store for input and output URIs.
    public let resolver: StoreResolver
    /// Who is told of progress, if anyone.
    public let progress: (any ProgressObserver)?
    private let logger: Logger

    /// Makes a runner.
    public init(
        journal: Journal, configuration: RunnerConfiguration, resolver: StoreResolver = StoreResolver(), logger: Logger,
        progress: (any ProgressObserver)? = nil
    ) {
        self.journal = journal
        self.configuration = configuration
        self.resolver = resolver
        self.logger = logger
        self.progress = progress
    }

    // MARK: Submitting and stopping

    /// Journals a new job as SUBMITTED and returns its state; a job with the same client request
    /// token returns that job instead (an idempotent retry), unless it asked for something else.
    public func submit(_ spec: JobSpec) throws -> JobState {
        try journal.transact { jobs in
            if let token = spec.clientRequestToken, let earlier = jobs.first(where: { $0.spec.clientRequestToken == token }) {
                guard earlier.spec.isSameRequest(as: spec) else {
                    throw TriageError(
                        .invalidArgument,
                        "the client request token \(token) was already used by job \(earlier.spec.jobId) for a different request")
                }
                return ([], earlier)
            }
            let (state, event) = JobState.submit(spec, at: Date())
            return ([event], state)
        }.result
    }

    /// Asks job `jobId` to stop: a SUBMITTED job is STOPPED at once; an IN_PROGRESS job becomes
    /// STOP_REQUESTED and the process running it stops at the next document boundary and packs
    /// what it did. Throws `.jobNotFound`, or `.illegalTransition` for a job that already ended.
    public func requestStop(_ jobId: String) throws -> JobState {
        try journal.transact { jobs in
            var state = try Self.find(jobId, in: jobs, journal: journal)
            let now = Date()
            switch state.status {
            case .submitted:
                let requested = try state.transition(.requestStop, at: now)
                let stopped = try state.transition(.stop(outputArchive: nil, succeeded: 0, failed: 0), at: now)
                return ([requested, stopped], state)
            case .inProgress:
                return ([try state.transition(.requestStop, at: now)], state)
            case .stopRequested:
                return ([], state)
            case .completed, .failed, .stopped:
                throw TriageError(
                    .illegalTransition,
                    "job \(jobId) is already \(state.status.rawValue); only a SUBMITTED or IN_PROGRESS job can be stopped")
            }
        }.result
    }

    /// The lock file a process holds while it runs job `jobId`.
    public func lockPath(_ jobId: String) -> String {
        LocalFiles.join(configuration.workRoot, "\(jobId).lock")
    }

    static func find(_ jobId: String, in jobs: [JobState], journal: Journal) throws -> JobState {
        guard let state = jobs.first(where: { $0.spec.jobId == jobId }) else {
            throw TriageError(.jobNotFound, "no job \(jobId) in journal \(journal.path)")
        }
        return state
    }

    // MARK: Running

    /// Runs (or resumes) job `jobId` until it ends, and returns its state.
    ///
    /// A SUBMITTED job starts; an IN_PROGRESS or STOP_REQUESTED job, left by a process that died or
    /// was shut down, resumes from its last checkpoint; an ended job is returned as it is. When
    /// `interruption` is raised the job stops taking documents, checkpoints and is returned still
    /// IN_PROGRESS. Throws `.jobBusy` when another process is running the job, and only otherwise
    /// when the journal cannot be read or written.
    public func run(jobId: String, interruption: JobInterruption? = nil) async throws -> JobState {
        guard let lock = try LockFile.tryAcquire(lockPath(jobId)) else {
            throw TriageError(.jobBusy, "job \(jobId) is being run by another process (\(LockFile.holder(of: lockPath(jobId))))")
        }
        defer { lock.release() }
        var logger = self.logger
        logger[metadataKey: "job.id"] = "\(jobId)"
        if let previous = lock.takenOverFrom {
            logger.notice("taking over a job whose process stopped without releasing it", metadata: ["previous": "\(previous)"])
        }
        let (found, size) = try journal.transact { jobs in ([], try Self.find(jobId, in: jobs, journal: journal)) }
        var state = found
        if state.status.isTerminal { return state }
        var execution = Execution(
            runner: self, state: state, tail: Journal.Tail(journal, from: size), interruption: interruption, logger: logger)
        let ending: Ending
        do {
            ending = try await execution.run()
        } catch let failure as JobFailure {
            ending = .failed(failure.message, succeeded: failure.succeeded, failed: failure.failed)
        } catch let error as TriageError where error.code == .journal {
            throw error
        } catch {
            ending = .failed("The job stopped unexpectedly: \(DescribedCause(error))", succeeded: nil, failed: nil)
        }
        state = execution.state
        switch ending {
        case let .completed(archive, succeeded, failed):
            try execution.record(.complete(outputArchive: archive, succeeded: succeeded, failed: failed))
            logger.info("job completed", metadata: ["archive": "\(archive)", "succeeded": "\(succeeded)", "failed": "\(failed)"])
        case let .stopped(archive, succeeded, failed):
            try execution.record(.stop(outputArchive: archive, succeeded: succeeded, failed: failed))
            logger.info("job stopped on request", metadata: ["archive": "\(archive ?? "none")", "succeeded": "\(succeeded)"])
        case let .failed(message, succeeded, failed):
            if execution.state.status == .submitted { try execution.record(.start(worker: LockFile.holder)) }
            try execution.record(.fail(message: message, succeeded: succeeded, failed: failed))
            logger.error("job failed", metadata: ["message": "\(message)"])
        case .interrupted:
            logger.notice("job interrupted; the next start resumes it", metadata: [
                "documents": "\(execution.state.checkpoint?.documents ?? 0)",
            ])
            return execution.state
        }
        try? FileManager.default.removeItem(atPath: execution.workFolder)
        return execution.state
    }

    /// How a run of a job ended.
    enum Ending {
        case completed(archive: String, succeeded: Int, failed: Int)
        case stopped(archive: String?, succeeded: Int, failed: Int)
        case failed(String, succeeded: Int?, failed: Int?)
        case interrupted
    }

    /// A job-level failure with the counts reached before it.
    struct JobFailure: Error {
        var message: String
        var succeeded: Int?
        var failed: Int?
    }

    /// Classifies one batch: each document's text is validated, then scored; failures become records.
    public static func classify(_ batch: [Document], with classifier: Classifier, policy: DecisionPolicy) -> [Prediction] {
        batch.map { document in
            let outcome: Prediction.Outcome
            switch document.content {
            case let .failure(error):
                outcome = .failed(error)
            case let .success(bytes):
                switch TextValidator.validate(bytes) {
                case let .failure(error):
                    outcome = .failed(error)
                case let .success(text):
                    outcome = .scores(classifier.decide(text, policy: policy), classifier.mode)
                }
            }
            return Prediction(sequence: document.sequence, file: document.file, line: document.line, outcome: outcome)
        }
    }

    /// How a job reads documents: its read mode and limits, and its text size limit.
    static func readingOptions(_ options: JobOptions) -> ReadingOptions {
        ReadingOptions(readMode: options.documentReadMode, limits: options.limits, maxTextBytes: options.maxDocumentBytes)
    }

    /// The records of `objects` read and classified as a ONE_DOC_PER_FILE job does (an archive
    /// gives a record per member, a native document one per page or run of pages), in order.
    /// For `triage classify FILE...`: everything is kept in memory.
    public static func classifyFiles(
        _ objects: [ObjectInfo], from store: any ObjectStore, classifier: Classifier, policy: DecisionPolicy,
        reading: ReadingOptions, splitPages: Bool, concurrency: Int, spoolFolder: String
    ) async -> [Prediction] {
        let pool = ClassificationPool(width: concurrency)
        var source = DocumentSource(
            store: store, objects: objects, format: .oneDocPerFile, maxDocumentBytes: reading.maxTextBytes,
            reading: reading, pool: pool, spoolFolder: spoolFolder)
        let stage = FileStage(
            classifier: classifier, policy: policy, splitPages: splitPages, reader: BatchReader(reading: reading, pool: pool))
        // A few documents per queue at a time, so several files are read at once.
        var predictions: [Prediction] = []
        var batch: [Document] = []
        while let document = await source.next() {
            batch.append(document)
            if batch.count == 4 * pool.width {
                predictions += await stage.predictions(batch)
                batch.removeAll()
            }
        }
        return predictions + (await stage.predictions(batch))
    }
}

extension JobRunner {
    /// One run of one job by this process: its state, the journal events it follows, its files.
    ///
    /// Owned by the task running the job; the loop that consumes classification results alone
    /// touches it, so it needs no lock.
    struct Execution {
        let runner: JobRunner
        var state: JobState
        var tail: Journal.Tail
        let interruption: JobInterruption?
        let logger: Logger
        let workFolder: String
        private let started = ContinuousClock.now
        private var lastCheckpoint = ContinuousClock.now
        private var lastStopPoll = ContinuousClock.now

        init(runner: JobRunner, state: JobState, tail: Journal.Tail, interruption: JobInterruption?, logger: Logger) {
            self.runner = runner
            self.state = state
            self.tail = tail
            self.interruption = interruption
            self.logger = logger
            self.workFolder = LocalFiles.join(runner.configuration.workRoot, state.spec.jobId)
        }

        var spec: JobSpec { state.spec }

        /// Applies `change` and journals its event.
        mutating func record(_ change: JobState.Change) throws {
            let event = try state.transition(change, at: Date())
            try runner.journal.append(event)
        }

        private func fail(_ message: String, _ error: any Error, counts writer: PredictionsWriter? = nil) -> JobFailure {
            JobFailure(message: "\(message): \(DescribedCause(error))", succeeded: writer?.succeeded, failed: writer?.failed)
        }

        /// Runs the job from where it is to its ending.
        mutating func run() async throws -> Ending {
            do {
                try LocalFiles.makeFolders(workFolder)
            } catch {
                throw fail("The job's working folder cannot be created", error)
            }
            let classifier = try await loadModel()
            do {
                try spec.options.policy.validate(labels: classifier.labels, mode: classifier.mode)
            } catch {
                throw fail("The classification options do not fit the model", error)
            }
            let inputStore: any ObjectStore
            let outputStore: any ObjectStore
            do {
                inputStore = try runner.resolver.store(for: spec.inputURI)
            } catch {
                throw fail("The input could not be read", error)
            }
            let destination = LocalFiles.join(spec.outputURI, "\(spec.outputFolderName)/output/output.tar.gz")
            let predictionsPath = LocalFiles.join(workFolder, "predictions.jsonl")
            let localArchive = LocalFiles.join(workFolder, "output.tar.gz")
            let manifestPath = spec.manifest ?? LocalFiles.join(workFolder, "objects.jsonl")

            let objects: [ObjectInfo]
            var writer: PredictionsWriter?
            if let checkpoint = state.checkpoint {
                do {
                    objects = try InputManifest.read(manifestPath)
                    if !checkpoint.packed {
                        writer = try PredictionsWriter(resuming: predictionsPath, archivePath: localArchive, from: checkpoint)
                    }
                } catch {
                    throw fail("The job cannot be resumed from its working folder \(workFolder)", error)
                }
                logger.info("job resumed", metadata: [
                    "documents": "\(checkpoint.documents)", "packed": "\(checkpoint.packed)",
                ])
            } else {
                do {
                    if let manifest = spec.manifest {
                        objects = try InputManifest.read(manifest)
                    } else {
                        objects = try await inputStore.list(prefix: spec.inputURI)
                    }
                } catch {
                    throw fail("The input could not be read", error)
                }
                guard !objects.isEmpty else {
                    throw JobFailure(message: "The input prefix \(spec.inputURI) matched no files.")
                }
                do {
                    if spec.manifest == nil { try InputManifest.write(objects, to: manifestPath) }
                    writer = try PredictionsWriter(path: predictionsPath, archivePath: localArchive)
                } catch {
                    throw fail("The job's working files cannot be written", error)
                }
                logger.info("job started", metadata: [
                    "input": "\(spec.inputURI)", "format": "\(spec.inputFormat.rawValue)", "objects": "\(objects.count)",
                    "predictions": "\(predictionsPath)",
                ])
            }

            do {
                outputStore = try runner.resolver.store(for: spec.outputURI)
                try await outputStore.prepare(destination: destination)
            } catch {
                throw fail("The output is not writable", error)
            }

            var exhausted = state.checkpoint.map { $0.input.object >= objects.count } ?? false
            if let writer {
                let pool = ClassificationPool(width: runner.configuration.concurrency)
                let reading = JobRunner.readingOptions(spec.options)
                var source = DocumentSource(
                    store: inputStore, objects: objects, format: spec.inputFormat, maxDocumentBytes: spec.options.maxDocumentBytes,
                    start: state.checkpoint?.input ?? .start, sequence: state.checkpoint?.documents ?? 0,
                    reading: reading, pool: pool, spoolFolder: workFolder)
                let files = spec.inputFormat == .oneDocPerFile
                    ? FileStage(
                        classifier: classifier, policy: spec.options.policy, splitPages: spec.options.splitPages,
                        reader: BatchReader(reading: reading, pool: pool))
                    : nil
                let outcome: ClassifyOutcome
                do {
                    outcome = try await classifyAll(from: &source, with: classifier, files: files, on: pool, into: writer)
                } catch let error as TriageError where error.code == .journal {
                    throw error
                } catch {
                    throw fail("The job stopped while writing predictions", error, counts: writer)
                }
                runner.progress?.finish()
                if case .interrupted = outcome { return .interrupted }
                exhausted = outcome == .finished
                do {
                    try writer.finish(modified: time(nil))
                    try checkpoint(writer: writer, source: source, packed: true, archiveBytes: Self.size(of: localArchive))
                } catch let error as TriageError where error.code == .journal {
                    throw error
                } catch {
                    throw fail("The output archive could not be written", error, counts: writer)
                }
            }
            guard let packed = state.checkpoint else {
                throw JobFailure(message: "The job lost its progress record before publishing its archive.")
            }
            let published: String
            do {
                published = try await publish(localArchive, to: destination, size: packed.archiveBytes, on: outputStore)
            } catch {
                throw JobFailure(
                    message: "The output archive could not be written: \(DescribedCause(error))", succeeded: packed.succeeded,
                    failed: packed.failed)
            }
            return exhausted
                ? .completed(archive: published, succeeded: packed.succeeded, failed: packed.failed)
                : .stopped(archive: published, succeeded: packed.succeeded, failed: packed.failed)
        }

        /// The model to classify with: for a new job, the model file (checked whole), kept in the
        /// working folder so a resumed job classifies with the very same model; for a resumed job,
        /// that copy.
        private mutating func loadModel() async throws -> Classifier {
            let copy = LocalFiles.join(workFolder, "model.triage")
            if state.status == .submitted {
                let classifier: Classifier
                do {
                    // A job reads the whole model anyway: check every byte once, before the first document.
                    classifier = try Classifier.load(path: spec.modelPath, verify: true)
                    try Self.keep(spec.modelPath, at: copy)
                } catch {
                    throw fail("The model was refused", error)
                }
                try record(.start(model: ModelUsed(path: spec.modelPath, fingerprint: classifier.fingerprint), worker: LockFile.holder))
                return classifier
            }
            if let classifier = try? Classifier.load(path: copy, verify: true) { return classifier }
            // No copy (it was removed): the model file will do if it still holds the same model.
            let classifier: Classifier
            do {
                classifier = try Classifier.load(path: spec.modelPath, verify: true)
            } catch {
                throw fail("The model the job started with is gone", error)
            }
            guard state.model == nil || state.model?.fingerprint == classifier.fingerprint else {
                throw JobFailure(message: "The model the job started with is gone: \(spec.modelPath) now holds another model.")
            }
            return classifier
        }

        /// Keeps a copy of the model file at `copy`: a hard link when it can (the trainer replaces
        /// model files by renaming a new one over them, so the linked contents never change), else
        /// a copy.
        private static func keep(_ model: String, at copy: String) throws {
            unlink(copy)
            if link(model, copy) == 0 { return }
            try LocalFiles.copy(from: model, to: copy)
        }

        static func size(of path: String) -> Int64 {
            var info = stat()
            return stat(path, &info) == 0 ? Int64(info.st_size) : 0
        }

        /// Moves the packed archive to its destination; a resumed job whose archive was already
        /// moved (a crash right after publishing) finds it there.
        private func publish(_ local: String, to destination: String, size: Int64, on store: any ObjectStore) async throws -> String {
            if FileManager.default.fileExists(atPath: local) {
                return try await store.publish(localFile: local, to: destination)
            }
            if !S3Location.isS3(destination), Self.size(of: destination) == size {
                return LocalFiles.absolute(destination)
            }
            throw TriageError(.notFound, "the packed archive \(local) is missing and \(destination) does not hold it")
        }

        /// How the classification loop ended.
        enum ClassifyOutcome: Equatable {
            /// Every document has a record.
            case finished
            /// A stop was asked for; the records written so far are to be packed.
            case stopRequested
            /// The process is shutting down; the job stays IN_PROGRESS.
            case interrupted
        }

        /// Classifies every document on the pool and writes the records in input order, making
        /// progress durable as it goes and stopping early on a stop request or an interruption:
        /// lines (ONE_DOC_PER_LINE) straight from their text, files through `files`, the reading stage.
        ///
        /// At most `window` batches are in flight or waiting for an earlier batch, so memory is
        /// bounded by `window × batchBytes` whatever the input size. This loop alone owns the writer
        /// and the journal's checkpoints.
        private mutating func classifyAll(
            from source: inout DocumentSource, with classifier: Classifier, files: FileStage?, on pool: ClassificationPool,
            into writer: PredictionsWriter
        ) async throws -> ClassifyOutcome {
            let configuration = runner.configuration
            let policy = spec.options.policy
            let documentsBefore = writer.documents
            let bytesBefore = source.bytesRead
            let totalBytes = source.totalBytes
            return try await withThrowingTaskGroup(of: (Int, EncodedBatch).self) { group in
                var nextBatch = 0
                var nextToWrite = 0
                var finished: [Int: EncodedBatch] = [:]
                // Where the input stands after each batch in flight, for checkpoints.
                var ends: [Int: (position: InputPosition, bytes: Int64)] = [:]
                var exhausted = false
                var stopping: ClassifyOutcome?
                while true {
                    if stopping == nil {
                        if interruption?.isInterrupted == true {
                            stopping = .interrupted
                        } else if try stopWasRequested() {
                            stopping = .stopRequested
                        }
                    }
                    while !exhausted, stopping == nil, nextBatch - nextToWrite < configuration.window {
                        let batch = await nextBatchOfDocuments(from: &source)
                        if batch.isEmpty {
                            exhausted = true
                            break
                        }
                        let index = nextBatch
                        nextBatch += 1
                        ends[index] = (source.position, source.bytesRead)
                        group.addTask {
                            if let files { return (index, await files.encoded(batch)) }
                            let encoded = await pool.run {
                                EncodedBatch(JobRunner.classify(batch, with: classifier, policy: policy), documents: batch.count)
                            }
                            return (index, encoded)
                        }
                    }
                    guard let (index, encoded) = try await group.next() else { break }
                    finished[index] = encoded
                    var reached: (position: InputPosition, bytes: Int64)?
                    while let ready = finished.removeValue(forKey: nextToWrite) {
                        try writer.write(ready)
                        reached = ends.removeValue(forKey: nextToWrite)
                        nextToWrite += 1
                    }
                    guard let reached else { continue }
                    let now = ContinuousClock.now
                    runner.progress?.update(JobProgress(
                        jobId: spec.jobId, documents: writer.documents, documentsThisRun: writer.documents - documentsBefore,
                        bytesRead: reached.bytes, bytesThisRun: reached.bytes - bytesBefore, totalBytes: totalBytes,
                        seconds: Self.seconds(started.duration(to: now))))
                    if now - lastCheckpoint >= configuration.checkpointInterval || stopping != nil {
                        try checkpoint(writer: writer, at: reached.position, bytes: reached.bytes, total: totalBytes)
                    }
                }
                // A stop asked for after the last document changes nothing: the job finished first.
                if stopping == nil {
                    exhausted = true
                } else if stopping == .stopRequested, !exhausted {
                    exhausted = await source.isExhausted()
                }
                if exhausted { return .finished }
                // Stopping: everything in flight was written above; make it durable.
                try checkpoint(writer: writer, at: source.position, bytes: source.bytesRead, total: totalBytes)
                return stopping ?? .finished
            }
        }

        /// Whether a stop request for this job reached the journal (read at most every `stopPollInterval`).
        private mutating func stopWasRequested() throws -> Bool {
            if state.status == .stopRequested { return true }
            let now = ContinuousClock.now
            guard now - lastStopPoll >= runner.configuration.stopPollInterval else { return false }
            lastStopPoll = now
            for event in try tail.read() where event.jobId == spec.jobId && event.status == .stopRequested && event.checkpoint == nil {
                if state.status == .inProgress { try state.apply(event) }
            }
            if state.status == .stopRequested {
                logger.notice("stop requested: packing the records written so far")
                return true
            }
            return false
        }

        /// fsyncs the job's files, then journals a checkpoint at `position`.
        private mutating func checkpoint(writer: PredictionsWriter, at position: InputPosition, bytes: Int64, total: Int64) throws {
            let (predictions, archive) = try writer.sync()
            try record(.checkpoint(
                JobCheckpoint(
                    documents: writer.documents, succeeded: writer.succeeded, failed: writer.failed, predictionsBytes: predictions,
                    archiveBytes: archive, input: position, inputBytes: bytes, inputTotalBytes: total),
                worker: LockFile.holder))
            lastCheckpoint = ContinuousClock.now
        }

        /// Journals that the archive is finished (`archiveBytes` long) with what `writer` wrote.
        private mutating func checkpoint(writer: PredictionsWriter, source: DocumentSource, packed: Bool, archiveBytes: Int64) throws {
            try record(.checkpoint(
                JobCheckpoint(
                    documents: writer.documents, succeeded: writer.succeeded, failed: writer.failed,
                    predictionsBytes: Self.size(of: writer.path), archiveBytes: archiveBytes, input: source.position,
                    inputBytes: source.bytesRead, inputTotalBytes: source.totalBytes, packed: packed),
                worker: LockFile.holder))
        }

        private func nextBatchOfDocuments(from source: inout DocumentSource) async -> [Document] {
            var batch: [Document] = []
            var bytes = 0
            let configuration = runner.configuration
            while batch.count < configuration.batchDocuments, bytes < configuration.batchBytes, let document = await source.next() {
                if case let .success(content) = document.content { bytes += content.count }
                batch.append(document)
            }
            return batch
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }
}
