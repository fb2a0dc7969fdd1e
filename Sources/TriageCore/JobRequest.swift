/// The parts of Comprehend's `StartDocumentClassificationJob` request Triage reads from a job
/// specification file (`--cli-input-json file://jobs/NAME.json`).
public struct JobRequest: Sendable, Decodable, Hashable {
    /// `JobName`.
    public var jobName: String?
    /// `DocumentClassifierArn`: the model file.
    public var documentClassifierArn: String?
    /// `InputDataConfig`.
    public var inputDataConfig: Input?
    /// `OutputDataConfig`.
    public var outputDataConfig: Output?

    /// `InputDataConfig`: `S3Uri` and `InputFormat`.
    public struct Input: Sendable, Decodable, Hashable {
        /// The input file or prefix.
        public var s3Uri: String?
        /// How files are split into documents.
        public var inputFormat: DocumentFormat?
        enum CodingKeys: String, CodingKey {
            case s3Uri = "S3Uri"
            case inputFormat = "InputFormat"
        }
    }

    /// `OutputDataConfig`: `S3Uri`.
    public struct Output: Sendable, Decodable, Hashable {
        /// The output prefix.
        public var s3Uri: String?
        enum CodingKeys: String, CodingKey {
            case s3Uri = "S3Uri"
        }
    }

    /// An empty request: every field comes from the command line.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case jobName = "JobName"
        case documentClassifierArn = "DocumentClassifierArn"
        case inputDataConfig = "InputDataConfig"
        case outputDataConfig = "OutputDataConfig"
    }
}
