/// What a job was asked to do: fixed when it is submitted, journaled with the SUBMITTED event.
///
/// Everything a process needs to run or resume the job is here, so any worker on the same journal
/// can pick it up. Keys added after the first release decode to their defaults when missing.
public struct JobSpec: Sendable, Codable, Hashable {
    /// The job's id: 32 lowercase hex digits, like Comprehend's.
    public var jobId: String
    /// The user's name for the job.
    public var jobName: String
    /// The input file or prefix (a local path or `s3://`).
    public var inputURI: String
    /// How input files are split into documents.
    public var inputFormat: DocumentFormat
    /// The output prefix under which `<owner>-CLN-<JobId>/output/output.tar.gz` is written.
    public var outputURI: String
    /// The model file (Comprehend's `DocumentClassifierArn`).
    public var modelPath: String
    /// The owner part of the output folder name (Comprehend's account id); `local` by default.
    public var owner: String
    /// How documents are classified: the decision policy and limits.
    public var options: JobOptions
    /// Comprehend's `ClientRequestToken`: a second request with the same token returns this job.
    public var clientRequestToken: String?
    /// Comprehend's `Tags`.
    public var tags: [JobTag]
    /// Comprehend's `DataAccessRoleArn`, kept for scripts that send it; Triage uses the AWS
    /// credential chain instead.
    public var dataAccessRoleArn: String?
    /// Comprehend's `VolumeKmsKeyId`, kept as given.
    public var volumeKmsKeyId: String?
    /// Comprehend's `OutputDataConfig.KmsKeyId`, kept as given.
    public var outputKmsKeyId: String?
    /// A file listing exactly the objects to classify (a job made by `watch` from new input);
    /// nil to classify everything under `inputURI`.
    public var manifest: String?
    /// The watch (input, output and model) that made the job, if one did.
    public var watch: String?

    /// Makes a job specification.
    public init(
        jobId: String,
        jobName: String,
        inputURI: String,
        inputFormat: DocumentFormat,
        outputURI: String,
        modelPath: String,
        owner: String = "local",
        options: JobOptions = JobOptions(),
        clientRequestToken: String? = nil,
        tags: [JobTag] = [],
        dataAccessRoleArn: String? = nil,
        volumeKmsKeyId: String? = nil,
        outputKmsKeyId: String? = nil,
        manifest: String? = nil,
        watch: String? = nil
    ) {
        self.jobId = jobId
        self.jobName = jobName
        self.inputURI = inputURI
        self.inputFormat = inputFormat
        self.outputURI = outputURI
        self.modelPath = modelPath
        self.owner = owner
        self.options = options
        self.clientRequestToken = clientRequestToken
        self.tags = tags
        self.dataAccessRoleArn = dataAccessRoleArn
        self.volumeKmsKeyId = volumeKmsKeyId
        self.outputKmsKeyId = outputKmsKeyId
        self.manifest = manifest
        self.watch = watch
    }

    enum CodingKeys: String, CodingKey {
        case jobId, jobName, inputURI, inputFormat, outputURI, modelPath, owner, options, clientRequestToken, tags
        case dataAccessRoleArn, volumeKmsKeyId, outputKmsKeyId, manifest, watch
    }

    /// Decodes a specification; keys added after the first release take their defaults when missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            jobId: try container.decode(String.self, forKey: .jobId),
            jobName: try container.decode(String.self, forKey: .jobName),
            inputURI: try container.decode(String.self, forKey: .inputURI),
            inputFormat: try container.decode(DocumentFormat.self, forKey: .inputFormat),
            outputURI: try container.decode(String.self, forKey: .outputURI),
            modelPath: try container.decode(String.self, forKey: .modelPath),
            owner: try container.decodeIfPresent(String.self, forKey: .owner) ?? "local",
            options: try container.decodeIfPresent(JobOptions.self, forKey: .options) ?? JobOptions(),
            clientRequestToken: try container.decodeIfPresent(String.self, forKey: .clientRequestToken),
            tags: try container.decodeIfPresent([JobTag].self, forKey: .tags) ?? [],
            dataAccessRoleArn: try container.decodeIfPresent(String.self, forKey: .dataAccessRoleArn),
            volumeKmsKeyId: try container.decodeIfPresent(String.self, forKey: .volumeKmsKeyId),
            outputKmsKeyId: try container.decodeIfPresent(String.self, forKey: .outputKmsKeyId),
            manifest: try container.decodeIfPresent(String.self, forKey: .manifest),
            watch: try container.decodeIfPresent(String.self, forKey: .watch))
    }

    /// The job's output folder name, Comprehend's `<owner>-CLN-<JobId>`.
    public var outputFolderName: String { "\(owner)-CLN-\(jobId)" }

    /// A Comprehend-shaped ARN for the job.
    public var jobArn: String {
        "arn:triage:comprehend:local:\(owner):document-classification-job/\(jobId)"
    }

    /// Whether `other` asks for the same job as this one: everything but the id (what makes a
    /// second request with the same client request token an idempotent retry, not a conflict).
    public func isSameRequest(as other: JobSpec) -> Bool {
        var other = other
        // A name made up for a request that gave none is not part of the request.
        if other.jobName.isEmpty || other.jobName == "job-\(other.jobId.prefix(8))" { other.jobName = jobName }
        other.jobId = jobId
        return other == self
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

/// One of Comprehend's resource tags.
public struct JobTag: Sendable, Codable, Hashable {
    /// The tag's key.
    public var key: String
    /// The tag's value.
    public var value: String

    /// Makes a tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case key = "Key", value = "Value"
    }
}
