import struct Foundation.Date

/// One status transition of one job: what the journal records, one JSON line each.
public struct JobEvent: Sendable, Codable, Hashable {
    /// The job the event belongs to.
    public var jobId: String
    /// The status the job enters.
    public var status: JobStatus
    /// When the transition happened.
    public var time: Date
    /// The job's specification; present on SUBMITTED.
    public var spec: JobSpec?
    /// Why the job failed or stopped; present on FAILED, optional elsewhere.
    public var message: String?
    /// The full path or URI of output.tar.gz; present on COMPLETED and STOPPED.
    public var outputArchive: String?
    /// Documents classified; present on terminal events.
    public var documentsSucceeded: Int?
    /// Documents that got an error record; present on terminal events.
    public var documentsFailed: Int?
    /// Progress made durable; a checkpoint event keeps the job's status.
    public var checkpoint: JobCheckpoint?
    /// The model the job classifies with; present on IN_PROGRESS.
    public var model: ModelUsed?
    /// The process that wrote the event (`pid@host`), for a reader of the journal.
    public var worker: String?

    /// Makes an event.
    public init(
        jobId: String,
        status: JobStatus,
        time: Date,
        spec: JobSpec? = nil,
        message: String? = nil,
        outputArchive: String? = nil,
        documentsSucceeded: Int? = nil,
        documentsFailed: Int? = nil,
        checkpoint: JobCheckpoint? = nil,
        model: ModelUsed? = nil,
        worker: String? = nil
    ) {
        self.jobId = jobId
        self.status = status
        self.time = time
        self.spec = spec
        self.message = message
        self.outputArchive = outputArchive
        self.documentsSucceeded = documentsSucceeded
        self.documentsFailed = documentsFailed
        self.checkpoint = checkpoint
        self.model = model
        self.worker = worker
    }

    enum CodingKeys: String, CodingKey {
        case jobId = "JobId"
        case status = "JobStatus"
        case time = "Time"
        case spec = "Spec"
        case message = "Message"
        case outputArchive = "OutputArchive"
        case documentsSucceeded = "DocumentsSucceeded"
        case documentsFailed = "DocumentsFailed"
        case checkpoint = "Checkpoint"
        case model = "Model"
        case worker = "Worker"
    }
}
