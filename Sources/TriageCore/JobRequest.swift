/// The parts of Comprehend's `StartDocumentClassificationJob` request Triage reads, from a job
/// specification file (`--cli-input-json file://jobs/NAME.json`) or from `start-job`'s options.
/// Keys Triage has no use for (`VpcConfig`, `FlywheelArn`) are accepted and ignored.
public struct JobRequest: Sendable, Codable, Hashable {
    /// `JobName`.
    public var jobName: String?
    /// `DocumentClassifierArn`: the model file.
    public var documentClassifierArn: String?
    /// `InputDataConfig`.
    public var inputDataConfig: Input?
    /// `OutputDataConfig`.
    public var outputDataConfig: Output?
    /// `ClientRequestToken`: the same token twice returns the same job.
    public var clientRequestToken: String?
    /// `DataAccessRoleArn`, kept with the job.
    public var dataAccessRoleArn: String?
    /// `VolumeKmsKeyId`, kept with the job.
    public var volumeKmsKeyId: String?
    /// `Tags`.
    public var tags: [JobTag]?

    /// `InputDataConfig`: `S3Uri`, `InputFormat` and `DocumentReaderConfig`.
    public struct Input: Sendable, Codable, Hashable {
        /// The input file or prefix.
        public var s3Uri: String?
        /// How files are split into documents.
        public var inputFormat: DocumentFormat?
        /// How text is read from PDFs and images.
        public var documentReaderConfig: DocumentReaderConfig?
        /// Makes an input configuration.
        public init(s3Uri: String? = nil, inputFormat: DocumentFormat? = nil, documentReaderConfig: DocumentReaderConfig? = nil) {
            self.s3Uri = s3Uri
            self.inputFormat = inputFormat
            self.documentReaderConfig = documentReaderConfig
        }
        enum CodingKeys: String, CodingKey {
            case s3Uri = "S3Uri"
            case inputFormat = "InputFormat"
            case documentReaderConfig = "DocumentReaderConfig"
        }
    }

    /// `OutputDataConfig`: `S3Uri` (and `KmsKeyId`, kept as given).
    public struct Output: Sendable, Codable, Hashable {
        /// The output prefix.
        public var s3Uri: String?
        /// `KmsKeyId`.
        public var kmsKeyId: String?
        /// Makes an output configuration.
        public init(s3Uri: String? = nil, kmsKeyId: String? = nil) {
            self.s3Uri = s3Uri
            self.kmsKeyId = kmsKeyId
        }
        enum CodingKeys: String, CodingKey {
            case s3Uri = "S3Uri"
            case kmsKeyId = "KmsKeyId"
        }
    }

    /// An empty request: every field comes from the command line.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case jobName = "JobName"
        case documentClassifierArn = "DocumentClassifierArn"
        case inputDataConfig = "InputDataConfig"
        case outputDataConfig = "OutputDataConfig"
        case clientRequestToken = "ClientRequestToken"
        case dataAccessRoleArn = "DataAccessRoleArn"
        case volumeKmsKeyId = "VolumeKmsKeyId"
        case tags = "Tags"
    }
}
