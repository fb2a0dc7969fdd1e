/// What a job was asked to do: fixed when it is submitted, journaled with the SUBMITTED event.
public struct JobSpec: Sendable, Codable, Hashable {
    /// The job's id: 32 lowercase hex digits, like Comprehend's.
    public var jobId: String
    /// The user's name for the job.
    public var jobName: String
    /// The input file or prefix (a local path, later `s3://`).
    public var inputURI: String
    /// How input files are split into documents.
    public var inputFormat: DocumentFormat
    /// The output prefix under which `<owner>-CLN-<JobId>/output/output.tar.gz` is written.
    public var outputURI: String
    /// The model file (Comprehend's `DocumentClassifierArn`).
    public var modelPath: String
    /// The owner part of the output folder name (Comprehend's account id); `local` by default.
    public var owner: String

    /// Makes a job specification.
    public init(
        jobId: String,
        jobName: String,
        inputURI: String,
        inputFormat: DocumentFormat,
        outputURI: String,
        modelPath: String,
        owner: String = "local"
    ) {
        self.jobId = jobId
        self.jobName = jobName
        self.inputURI = inputURI
        self.inputFormat = inputFormat
        self.outputURI = outputURI
        self.modelPath = modelPath
        self.owner = owner
    }

    /// The job's output folder name, Comprehend's `<owner>-CLN-<JobId>`.
    public var outputFolderName: String { "\(owner)-CLN-\(jobId)" }

    /// A Comprehend-shaped ARN for the job.
    public var jobArn: String {
        "arn:triage:comprehend:local:\(owner):document-classification-job/\(jobId)"
    }

    /// A new random job id of 32 hex digits.
    public static func newJobId() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return hex(high) + hex(low)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
