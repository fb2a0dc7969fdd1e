import struct Foundation.Date

/// A job's state as a pure value: it owns the legal transitions and returns the events to journal.
///
/// SUBMITTED -> IN_PROGRESS -> COMPLETED | FAILED, IN_PROGRESS -> STOP_REQUESTED -> STOPPED
/// (or COMPLETED / FAILED if the job ends first), and SUBMITTED -> STOP_REQUESTED | FAILED.
/// A running job (IN_PROGRESS or STOP_REQUESTED) also records checkpoints, which keep its status.
/// The same `apply` folds journaled events back into state, so a replay checks them too.
public struct JobState: Sendable, Hashable {
    /// What the job was asked to do.
    public private(set) var spec: JobSpec
    /// The current status.
    public private(set) var status: JobStatus
    /// When the job was submitted.
    public private(set) var submitTime: Date
    /// When the job reached a terminal status.
    public private(set) var endTime: Date?
    /// The last message recorded (why it failed or stopped).
    public private(set) var message: String?
    /// The full path or URI of output.tar.gz, once written.
    public private(set) var outputArchive: String?
    /// Documents classified, once the job ended.
    public private(set) var documentsSucceeded: Int?
    /// Documents that got an error record, once the job ended.
    public private(set) var documentsFailed: Int?
    /// The last progress the job made durable, while it runs.
    public private(set) var checkpoint: JobCheckpoint?
    /// The model the job classifies with, once it started.
    public private(set) var model: ModelUsed?
    /// The process that last wrote an event of the job.
    public private(set) var worker: String?

    /// The change a caller asks for; `transition` turns it into an event if it is legal.
    public enum Change: Sendable, Hashable {
        /// Start classifying, with `model`, in the process `worker`.
        case start(model: ModelUsed? = nil, worker: String? = nil)
        /// Progress was made durable.
        case checkpoint(JobCheckpoint, worker: String? = nil)
        /// Every document has a record and the archive is written.
        case complete(outputArchive: String, succeeded: Int, failed: Int)
        /// The job cannot go on.
        case fail(message: String, succeeded: Int? = nil, failed: Int? = nil)
        /// A stop was asked for.
        case requestStop
        /// The job stopped at a document boundary with what it had done packed.
        case stop(outputArchive: String?, succeeded: Int, failed: Int)
    }

    /// The SUBMITTED event for a new job, and the state it starts in.
    public static func submit(_ spec: JobSpec, at time: Date) -> (JobState, JobEvent) {
        let event = JobEvent(jobId: spec.jobId, status: .submitted, time: time, spec: spec)
        let state = JobState(spec: spec, status: .submitted, submitTime: time)
        return (state, event)
    }

    private init(spec: JobSpec, status: JobStatus, submitTime: Date) {
        self.spec = spec
        self.status = status
        self.submitTime = submitTime
    }

    /// Rebuilds a job from its first event, which must be SUBMITTED with a spec.
    public init(replaying first: JobEvent) throws {
        guard first.status == .submitted, let spec = first.spec else {
            throw TriageError(
                .journal,
                "job \(first.jobId): first journal record is \(first.status.rawValue), expected SUBMITTED with a job specification"
            )
        }
        self.init(spec: spec, status: .submitted, submitTime: first.time)
    }

    /// Whether the job may move from `from` to `to`.
    public static func isLegal(from: JobStatus, to: JobStatus) -> Bool {
        switch (from, to) {
        case (.submitted, .inProgress), (.submitted, .failed), (.submitted, .stopRequested):
            return true
        case (.inProgress, .completed), (.inProgress, .failed), (.inProgress, .stopRequested):
            return true
        case (.stopRequested, .stopped), (.stopRequested, .completed), (.stopRequested, .failed):
            return true
        default:
            return false
        }
    }

    /// Returns the event for `change` and applies it, or throws if the change is illegal now.
    public mutating func transition(_ change: Change, at time: Date) throws -> JobEvent {
        let id = spec.jobId
        let event: JobEvent
        switch change {
        case let .start(model, worker):
            event = JobEvent(jobId: id, status: .inProgress, time: time, model: model, worker: worker)
        case let .checkpoint(checkpoint, worker):
            event = JobEvent(jobId: id, status: status, time: time, checkpoint: checkpoint, worker: worker)
        case let .complete(archive, succeeded, failed):
            event = JobEvent(
                jobId: id, status: .completed, time: time, outputArchive: archive,
                documentsSucceeded: succeeded, documentsFailed: failed)
        case let .fail(message, succeeded, failed):
            event = JobEvent(
                jobId: id, status: .failed, time: time, message: message,
                documentsSucceeded: succeeded, documentsFailed: failed)
        case .requestStop:
            event = JobEvent(jobId: id, status: .stopRequested, time: time)
        case let .stop(archive, succeeded, failed):
            event = JobEvent(
                jobId: id, status: .stopped, time: time, message: "Stopped on request.",
                outputArchive: archive, documentsSucceeded: succeeded, documentsFailed: failed)
        }
        try apply(event)
        return event
    }

    /// Folds one event into the state, refusing an event for another job or an illegal transition.
    public mutating func apply(_ event: JobEvent) throws {
        guard event.jobId == spec.jobId else {
            throw TriageError(.journal, "event for job \(event.jobId) applied to job \(spec.jobId)")
        }
        if event.checkpoint != nil {
            // A checkpoint keeps the status, whichever the writer last saw: a stop may have been
            // asked for by another process since.
            guard status == .inProgress || status == .stopRequested else {
                throw TriageError(.illegalTransition, "job \(spec.jobId) cannot record progress while \(status.rawValue)")
            }
        } else {
            guard Self.isLegal(from: status, to: event.status) else {
                throw TriageError(
                    .illegalTransition,
                    "job \(spec.jobId) cannot go from \(status.rawValue) to \(event.status.rawValue)")
            }
        }
        if event.checkpoint == nil { status = event.status }
        if let checkpoint = event.checkpoint { self.checkpoint = checkpoint }
        if let model = event.model { self.model = model }
        if let worker = event.worker { self.worker = worker }
        if let message = event.message { self.message = message }
        if let archive = event.outputArchive { outputArchive = archive }
        if let succeeded = event.documentsSucceeded { documentsSucceeded = succeeded }
        if let failed = event.documentsFailed { documentsFailed = failed }
        if event.status.isTerminal {
            endTime = event.time
            checkpoint = nil
        }
    }
}
