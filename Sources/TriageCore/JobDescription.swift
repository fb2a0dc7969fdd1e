import struct Foundation.Date

/// Comprehend's `DocumentClassificationJobProperties`, plus Triage's document counts.
public struct JobDescription: Sendable, Encodable, Hashable {
    /// The job's id.
    public var jobId: String
    /// A Comprehend-shaped ARN for the job.
    public var jobArn: String
    /// The user's name for the job.
    public var jobName: String
    /// The current status.
    public var jobStatus: JobStatus
    /// Why the job failed or stopped.
    public var message: String?
    /// When the job was submitted.
    public var submitTime: Date
    /// When the job ended.
    public var endTime: Date?
    /// The model file.
    public var documentClassifierArn: String
    /// Where the input came from and how it was split.
    public var inputDataConfig: InputDataConfig
    /// Where the output went: the prefix, then the full path of output.tar.gz once written.
    public var outputDataConfig: OutputDataConfig
    /// Comprehend's `DataAccessRoleArn`, as given.
    public var dataAccessRoleArn: String?
    /// Comprehend's `VolumeKmsKeyId`, as given.
    public var volumeKmsKeyId: String?
    /// Documents classified (so far, while the job runs).
    public var documentsSucceeded: Int?
    /// Documents with an error record (so far, while the job runs).
    public var documentsFailed: Int?
    /// The model the job classified with, once it started: Triage's own field.
    public var model: ModelUsed?
    /// The job's tags: Triage's own field (Comprehend lists them with ListTagsForResource).
    public var tags: [JobTag]?

    /// Comprehend's `InputDataConfig`.
    public struct InputDataConfig: Sendable, Encodable, Hashable {
        /// The input file or prefix.
        public var s3Uri: String
        /// How files were split into documents.
        public var inputFormat: DocumentFormat
        /// How text was read from PDFs and images, when the job was given a configuration.
        public var documentReaderConfig: DocumentReaderConfig?
        enum CodingKeys: String, CodingKey {
            case s3Uri = "S3Uri"
            case inputFormat = "InputFormat"
            case documentReaderConfig = "DocumentReaderConfig"
        }
    }

    /// Comprehend's `OutputDataConfig`.
    public struct OutputDataConfig: Sendable, Encodable, Hashable {
        /// The output prefix, or the full path of output.tar.gz once the job wrote it.
        public var s3Uri: String
        /// `KmsKeyId`, as given.
        public var kmsKeyId: String?
        enum CodingKeys: String, CodingKey {
            case s3Uri = "S3Uri"
            case kmsKeyId = "KmsKeyId"
        }
    }

    /// The description of a job in `state`.
    public init(_ state: JobState) {
        let spec = state.spec
        jobId = spec.jobId
        jobArn = spec.jobArn
        jobName = spec.jobName
        jobStatus = state.status
        message = state.message
        submitTime = state.submitTime
        endTime = state.endTime
        documentClassifierArn = spec.modelPath
        inputDataConfig = InputDataConfig(
            s3Uri: spec.inputURI, inputFormat: spec.inputFormat, documentReaderConfig: spec.options.documentReaderConfig)
        outputDataConfig = OutputDataConfig(s3Uri: state.outputArchive ?? spec.outputURI, kmsKeyId: spec.outputKmsKeyId)
        dataAccessRoleArn = spec.dataAccessRoleArn
        volumeKmsKeyId = spec.volumeKmsKeyId
        documentsSucceeded = state.documentsSucceeded ?? state.checkpoint?.succeeded
        documentsFailed = state.documentsFailed ?? state.checkpoint?.failed
        model = state.model
        tags = spec.tags.isEmpty ? nil : spec.tags
    }

    enum CodingKeys: String, CodingKey {
        case jobId = "JobId"
        case jobArn = "JobArn"
        case jobName = "JobName"
        case jobStatus = "JobStatus"
        case message = "Message"
        case submitTime = "SubmitTime"
        case endTime = "EndTime"
        case documentClassifierArn = "DocumentClassifierArn"
        case inputDataConfig = "InputDataConfig"
        case outputDataConfig = "OutputDataConfig"
        case dataAccessRoleArn = "DataAccessRoleArn"
        case volumeKmsKeyId = "VolumeKmsKeyId"
        case documentsSucceeded = "DocumentsSucceeded"
        case documentsFailed = "DocumentsFailed"
        case model = "Model"
        case tags = "Tags"
    }
}
