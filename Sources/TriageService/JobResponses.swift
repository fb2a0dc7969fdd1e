import TriageCore

/// Comprehend's DescribeDocumentClassificationJob response.
public struct DescribeJobResponse: Encodable, Sendable {
    /// The job.
    public let properties: JobDescription
    /// Wraps a description.
    public init(properties: JobDescription) { self.properties = properties }
    enum CodingKeys: String, CodingKey { case properties = "DocumentClassificationJobProperties" }
}

/// Comprehend's ListDocumentClassificationJobs response.
public struct ListJobsResponse: Encodable, Sendable {
    /// The jobs of the page.
    public let properties: [JobDescription]
    /// The token of the next page, if more jobs follow.
    public let nextToken: String?
    /// Wraps a page.
    public init(properties: [JobDescription], nextToken: String?) {
        self.properties = properties
        self.nextToken = nextToken
    }
    enum CodingKeys: String, CodingKey {
        case properties = "DocumentClassificationJobPropertiesList"
        case nextToken = "NextToken"
    }
}

/// Comprehend's StartDocumentClassificationJob response (and the stop operation's, without the ARN).
public struct JobStatusResponse: Encodable, Sendable {
    /// The job's id.
    public let jobId: String
    /// The job's ARN.
    public let jobArn: String?
    /// Its status now.
    public let jobStatus: JobStatus
    /// The model, as StartDocumentClassificationJob returns it.
    public let documentClassifierArn: String?
    /// Makes a response.
    public init(jobId: String, jobArn: String?, jobStatus: JobStatus, documentClassifierArn: String? = nil) {
        self.jobId = jobId
        self.jobArn = jobArn
        self.jobStatus = jobStatus
        self.documentClassifierArn = documentClassifierArn
    }
    enum CodingKeys: String, CodingKey {
        case jobId = "JobId", jobArn = "JobArn", jobStatus = "JobStatus", documentClassifierArn = "DocumentClassifierArn"
    }
}
