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
/// `JobState` and is journaled (fsync'ed) before the runner acts on it.
public struct JobRunner: Sendable {
    /// Where transitions are recorded.
    public let journal: Journal
    /// Concurrency, limits and working folders.
    public let configuration: RunnerConfiguration
    /// Picks the store for input and output URIs.
    public let resolver: StoreResolver
    private let logger: Logger

    /// Makes a runner.
    public init(journal: Journal, configuration: RunnerConfiguration, resolver: StoreResolver = StoreResolver(), logger: Logger) {
        self.journal = journal
        self.configuration = configuration
        self.resolver = resolver
        self.logger = logger
    }

    /// The result of classifying every document of a job.
    struct Outcome: Sendable {
        var archive: String
        var succeeded: Int
        var failed: Int
    }

    /// Journals a new job as SUBMITTED and returns its state.
    public func submit(_ spec: JobSpec) throws -> JobState {
        let (state, event) = JobState.submit(spec, at: Date())
        try journal.append(event)
        return state
    }

    /// Runs a SUBMITTED job to COMPLETED or FAILED; throws only when the journal cannot be written.
    public func run(_ submitted: JobState) async throws -> JobState {
        var state = submitted
        var logger = self.logger
        logger[metadataKey: "job.id"] = "\(state.spec.jobId)"
        try record(&state, .start)
        logger.info("job started", metadata: ["input": "\(state.spec.inputURI)", "format": "\(state.spec.inputFormat.rawValue)"])
        let workFolder = LocalFiles.join(configuration.workRoot, state.spec.jobId)
        defer { try? FileManager.default.removeItem(atPath: workFolder) }
        do {
            let outcome = try await execute(state.spec, workFolder: workFolder, logger: logger)
            try record(&state, .complete(outputArchive: outcome.archive, succeeded: outcome.succeeded, failed: outcome.failed))
            logger.info("job completed", metadata: [
                "archive": "\(outcome.archive)", "succeeded": "\(outcome.succeeded)", "failed": "\(outcome.failed)",
            ])
        } catch let failure as JobFailure {
            try record(&state, .fail(message: failure.message, succeeded: failure.succeeded, failed: failure.failed))
            logger.error("job failed", metadata: ["message": "\(failure.message)"])
        } catch {
            let message = "The job stopped unexpectedly: \(DescribedCause(error))"
            try record(&state, .fail(message: message))
            logger.error("job failed", metadata: ["message": "\(message)"])
        }
        return state
    }

    private func record(_ state: inout JobState, _ change: JobState.Change) throws {
        let event = try state.transition(change, at: Date())
        try journal.append(event)
    }

    /// A job-level failure with the counts reached before it.
    struct JobFailure: Error {
        var message: String
        var succeeded: Int?
        var failed: Int?
    }

    private func execute(_ spec: JobSpec, workFolder: String, logger: Logger) async throws -> Outcome {
        func fail(_ message: String, _ error: any Error) -> JobFailure {
            JobFailure(message: "\(message): \(DescribedCause(error))")
        }
        let classifier: Classifier
        do {
            // A job reads the whole model anyway: check every byte once, before the first document.
            classifier = try Classifier.load(path: spec.modelPath, verify: true)
        } catch {
            throw fail("The model was refused", error)
        }
        do {
            try configuration.policy.validate(labels: classifier.labels, mode: classifier.mode)
        } catch {
            throw fail("The classification options do not fit the model", error)
        }
        let objects: [ObjectInfo]
        let inputStore: any ObjectStore
        do {
            inputStore = try resolver.store(for: spec.inputURI)
            objects = try await inputStore.list(prefix: spec.inputURI)
        } catch {
            throw fail("The input could not be read", error)
        }
        guard !objects.isEmpty else {
            throw JobFailure(message: "The input prefix \(spec.inputURI) matched no files.")
        }
        let outputStore: any ObjectStore
        let destination = LocalFiles.join(spec.outputURI, "\(spec.outputFolderName)/output/output.tar.gz")
        do {
            outputStore = try resolver.store(for: spec.outputURI)
            try await outputStore.prepare(destination: destination)
            try LocalFiles.makeFolders(workFolder)
        } catch {
            throw fail("The output is not writable", error)
        }

        let predictionsPath = LocalFiles.join(workFolder, "predictions.jsonl")
        let localArchive = LocalFiles.join(workFolder, "output.tar.gz")
        let writer: PredictionsWriter
        do {
            writer = try PredictionsWriter(path: predictionsPath, archivePath: localArchive)
        } catch {
            throw fail("The output is not writable", error)
        }
        logger.info("streaming predictions", metadata: ["file": "\(predictionsPath)", "objects": "\(objects.count)"])

        let started = ContinuousClock.now
        var source = DocumentSource(
            store: inputStore, objects: objects, format: spec.inputFormat,
            maxDocumentBytes: configuration.maxDocumentBytes)
        let pool = ClassificationPool(width: configuration.concurrency)
        do {
            try await classifyAll(from: &source, with: classifier, on: pool, into: writer)
            try writer.finish(modified: time(nil))
        } catch {
            throw JobFailure(
                message: "The job stopped while writing predictions: \(DescribedCause(error))",
                succeeded: writer.succeeded, failed: writer.failed)
        }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let total = writer.succeeded + writer.failed
        logger.info("classified", metadata: [
            "documents": "\(total)",
            "documents_per_second": "\(seconds > 0 ? Int(Double(total) / seconds) : total)",
        ])

        let published: String
        do {
            published = try await outputStore.publish(localFile: localArchive, to: destination)
        } catch {
            throw JobFailure(
                message: "The output archive could not be written: \(DescribedCause(error))",
                succeeded: writer.succeeded, failed: writer.failed)
        }
        return Outcome(archive: published, succeeded: writer.succeeded, failed: writer.failed)
    }

    /// Classifies every document on the pool and writes the records in input order.
    ///
    /// At most `window` batches are in flight or waiting for an earlier batch, so memory is
    /// bounded by `window × batchBytes` whatever the input size. This loop alone owns the writer.
    private func classifyAll(
        from source: inout DocumentSource,
        with classifier: Classifier,
        on pool: ClassificationPool,
        into writer: PredictionsWriter
    ) async throws {
        let policy = configuration.policy
        let window = configuration.window
        try await withThrowingTaskGroup(of: (Int, EncodedBatch).self) { group in
            var nextBatch = 0
            var nextToWrite = 0
            var finished: [Int: EncodedBatch] = [:]
            var exhausted = false
            while true {
                while !exhausted, nextBatch - nextToWrite < window {
                    let batch = await nextBatchOfDocuments(from: &source)
                    if batch.isEmpty {
                        exhausted = true
                        break
                    }
                    let index = nextBatch
                    nextBatch += 1
                    group.addTask {
                        let encoded = await pool.run { EncodedBatch(Self.classify(batch, with: classifier, policy: policy)) }
                        return (index, encoded)
                    }
                }
                guard let (index, encoded) = try await group.next() else { break }
                finished[index] = encoded
                while let ready = finished.removeValue(forKey: nextToWrite) {
                    try writer.write(ready)
                    nextToWrite += 1
                }
            }
        }
    }

    private func nextBatchOfDocuments(from source: inout DocumentSource) async -> [Document] {
        var batch: [Document] = []
        var bytes = 0
        while batch.count < configuration.batchDocuments, bytes < configuration.batchBytes,
            let document = await source.next()
        {
            if case let .success(content) = document.content { bytes += content.count }
            batch.append(document)
        }
        return batch
    }

    /// Reads one file as one document (ONE_DOC_PER_FILE): its bytes, or a size or read error record.
    public static func readDocument(_ object: ObjectInfo, from store: any ObjectStore, limit: Int, sequence: Int) async -> Document {
        await DocumentSource.wholeFileDocument(object, from: store, limit: limit, sequence: sequence)
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
}
