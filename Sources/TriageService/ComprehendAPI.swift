import Foundation
import TriageCore
import TriageModel
import TriagePipeline
import TriageStorage

/// Comprehend's JSON 1.1 operations over Triage: real-time classification on endpoints, the
/// endpoints themselves, and classification jobs on the same journal the CLI and the daemon use.
///
/// Independent of HTTP: given an operation name and a request body, it returns the status and
/// body to answer with, so every operation is tested without a socket.
public struct ComprehendAPI: Sendable {
    /// The endpoints and their models.
    public let endpoints: EndpointRegistry
    /// Submits and stops jobs; owns the journal.
    public let runner: JobRunner
    /// The owner part of job output folders and ARNs.
    public let owner: String
    /// Options of jobs submitted here (a request's DocumentReaderConfig overrides the reader's).
    public let jobOptions: JobOptions
    /// Which classes ClassifyDocument lists.
    public let policy: DecisionPolicy
    /// Reads documents sent as `Bytes`.
    public let documents: SingleDocument
    /// The largest `Text` ClassifyDocument takes, in UTF-8 bytes.
    public let maxTextBytes: Int
    /// Journal and endpoint-file work (flock, fsync) runs here, off Swift's cooperative pool.
    private let io = ClassificationPool(width: 2)

    /// The prefix of `X-Amz-Target` for Comprehend's operations.
    public static let targetPrefix = "Comprehend_20171127."
    /// Every operation served.
    public static let operations: Set<String> = [
        "ClassifyDocument", "CreateEndpoint", "DescribeEndpoint", "ListEndpoints", "UpdateEndpoint", "DeleteEndpoint",
        "StartDocumentClassificationJob", "DescribeDocumentClassificationJob", "ListDocumentClassificationJobs",
        "StopDocumentClassificationJob",
    ]

    /// Makes the API.
    public init(
        endpoints: EndpointRegistry, runner: JobRunner, owner: String, jobOptions: JobOptions, policy: DecisionPolicy,
        documents: SingleDocument, maxTextBytes: Int
    ) {
        self.endpoints = endpoints
        self.runner = runner
        self.owner = owner
        self.jobOptions = jobOptions
        self.policy = policy
        self.documents = documents
        self.maxTextBytes = maxTextBytes
    }

    /// An answer: HTTP status, JSON body, and how many documents it classified (for metrics).
    public struct Answer: Sendable {
        /// The HTTP status.
        public var status: Int
        /// The JSON body.
        public var body: [UInt8]
        /// Documents classified to answer.
        public var documents: Int

        init(_ body: [UInt8], documents: Int = 0) {
            status = 200
            self.body = body
            self.documents = documents
        }

        init(_ error: ComprehendError) {
            status = error.status
            body = error.body
            documents = 0
        }
    }

    /// Answers `operation` (the part of `X-Amz-Target` after `Comprehend_20171127.`) with `body`.
    public func handle(operation: String, body: [UInt8]) async -> Answer {
        do {
            switch operation {
            case "ClassifyDocument": return try await classifyDocument(decode(ClassifyDocumentRequest.self, body, operation))
            case "CreateEndpoint": return try await createEndpoint(decode(CreateEndpointRequest.self, body, operation))
            case "DescribeEndpoint": return try describeEndpoint(decode(EndpointArnRequest.self, body, operation))
            case "ListEndpoints": return try listEndpoints(decode(ListEndpointsRequest.self, body, operation))
            case "UpdateEndpoint": return try await updateEndpoint(decode(UpdateEndpointRequest.self, body, operation))
            case "DeleteEndpoint": return try await deleteEndpoint(decode(EndpointArnRequest.self, body, operation))
            case "StartDocumentClassificationJob": return try await startJob(decode(JobRequest.self, body, operation))
            case "DescribeDocumentClassificationJob": return try await describeJob(decode(JobIdRequest.self, body, operation))
            case "ListDocumentClassificationJobs": return try await listJobs(decode(ListJobsRequest.self, body, operation))
            case "StopDocumentClassificationJob": return try await stopJob(decode(JobIdRequest.self, body, operation))
            default:
                return Answer(.unknownOperation("Triage does not serve the operation \(operation)"))
            }
        } catch let error as ComprehendError {
            return Answer(error)
        } catch let error as TriageError {
            return Answer(.from(error))
        } catch {
            return Answer(.internalServer("\(operation) failed: \(error)"))
        }
    }

    // MARK: ClassifyDocument

    func classifyDocument(_ request: ClassifyDocumentRequest) async throws -> Answer {
        guard let arn = request.endpointArn, !arn.isEmpty else { throw ComprehendError.invalidRequest("EndpointArn is required") }
        let classifier = try endpoints.classifier(arn)
        switch (request.text, request.bytes) {
        case let (text?, nil):
            let count = text.utf8.count
            guard count > 0 else { throw ComprehendError.invalidRequest("Text must not be empty") }
            guard count <= maxTextBytes else {
                throw ComprehendError.textSizeLimitExceeded("Text is \(count) bytes of UTF-8; the limit is \(maxTextBytes)")
            }
            // A bounded text (maxTextBytes) is classified here: microseconds of work, cheaper than a hop to the pool.
            let scores = classifier.decide(Array(text.utf8)[...], policy: policy)
            return Answer(Array(PredictionEncoder.classifyResponse(scores, mode: classifier.mode).utf8), documents: 1)
        case let (nil, encoded?):
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters), !data.isEmpty else {
                throw ComprehendError.invalidRequest("Bytes must be a non-empty base64 document")
            }
            var reader = documents
            if let mode = request.documentReaderConfig?.documentReadMode, mode != reader.reading.readMode {
                reader = reader.with(readMode: mode)
            }
            switch await reader.classify(Array(data), with: classifier, policy: policy) {
            case let .success(document):
                return Answer(PredictionEncoder.classifyDocumentResponse(document), documents: 1)
            case let .failure(error):
                if error.code == DocumentError.sizeExceededCode { throw ComprehendError.textSizeLimitExceeded(error.message) }
                throw ComprehendError.invalidRequest(error.message, reason: "INVALID_DOCUMENT", detailReason: error.code)
            }
        case (nil, nil):
            throw ComprehendError.invalidRequest("give Text or Bytes")
        case (_?, _?):
            throw ComprehendError.invalidRequest("give Text or Bytes, not both")
        }
    }

    // MARK: Endpoints

    func createEndpoint(_ request: CreateEndpointRequest) async throws -> Answer {
        guard let name = request.endpointName else { throw ComprehendError.invalidRequest("EndpointName is required") }
        guard let model = request.modelArn else { throw ComprehendError.invalidRequest("ModelArn (a model file) is required") }
        let endpoints = self.endpoints
        let endpoint = try await blocking {
            try endpoints.create(
                name: name, modelPath: LocalFiles.absolute(model), inferenceUnits: request.desiredInferenceUnits ?? 1,
                clientRequestToken: request.clientRequestToken, dataAccessRoleArn: request.dataAccessRoleArn,
                tags: request.tags ?? [])
        }
        return try encode(CreateEndpointResponse(endpointArn: Endpoint.arn(name: endpoint.name, owner: owner), modelArn: endpoint.modelPath))
    }

    func describeEndpoint(_ request: EndpointArnRequest) throws -> Answer {
        guard let arn = request.endpointArn else { throw ComprehendError.invalidRequest("EndpointArn is required") }
        return try encode(DescribeEndpointResponse(properties: EndpointProperties(try endpoints.endpoint(arn), owner: owner)))
    }

    func listEndpoints(_ request: ListEndpointsRequest) throws -> Answer {
        if let limit = request.maxResults, !(1...500).contains(limit) {
            throw ComprehendError.invalidRequest("MaxResults must be between 1 and 500")
        }
        let filter = request.filter
        var all = endpoints.endpoints
        if let token = request.nextToken {
            guard let data = Data(base64Encoded: token), let last = String(data: data, encoding: .utf8),
                let index = all.firstIndex(where: { $0.name == last })
            else { throw ComprehendError.invalidRequest("NextToken \(token) is not a token ListEndpoints returned") }
            all = Array(all[(index + 1)...])
        }
        let matching = all.filter { endpoint in
            if let model = filter?.modelArn, LocalFiles.absolute(model) != endpoint.modelPath { return false }
            if let status = filter?.status, status != endpoint.status { return false }
            if let before = filter?.creationTimeBefore, !(endpoint.creationTime.timeIntervalSince1970 < before) { return false }
            if let after = filter?.creationTimeAfter, !(endpoint.creationTime.timeIntervalSince1970 > after) { return false }
            return true
        }
        let limit = request.maxResults ?? 100
        let page = Array(matching.prefix(limit))
        let token = matching.count > limit ? page.last.map { Data($0.name.utf8).base64EncodedString() } : nil
        return try encode(ListEndpointsResponse(properties: page.map { EndpointProperties($0, owner: owner) }, nextToken: token))
    }

    func updateEndpoint(_ request: UpdateEndpointRequest) async throws -> Answer {
        guard let arn = request.endpointArn else { throw ComprehendError.invalidRequest("EndpointArn is required") }
        let endpoints = self.endpoints
        let endpoint = try await blocking {
            try endpoints.update(
                arn, modelPath: request.desiredModelArn.map(LocalFiles.absolute), inferenceUnits: request.desiredInferenceUnits,
                dataAccessRoleArn: request.desiredDataAccessRoleArn)
        }
        return try encode(UpdateEndpointResponse(desiredModelArn: endpoint.modelPath))
    }

    func deleteEndpoint(_ request: EndpointArnRequest) async throws -> Answer {
        guard let arn = request.endpointArn else { throw ComprehendError.invalidRequest("EndpointArn is required") }
        let endpoints = self.endpoints
        try await blocking { try endpoints.delete(arn) }
        return try encode(EmptyResponse())
    }

    // MARK: Jobs

    func startJob(_ request: JobRequest) async throws -> Answer {
        var options = jobOptions
        if let config = request.inputDataConfig?.documentReaderConfig {
            try config.validate()
            options.documentReaderConfig = config
        }
        let spec = try JobSpec(request: request, owner: owner, options: options, source: nil)
        if !S3Location.isS3(spec.modelPath), !FileManager.default.fileExists(atPath: spec.modelPath) {
            throw ComprehendError.resourceNotFound("no model at \(spec.modelPath) (DocumentClassifierArn)")
        }
        let runner = self.runner
        let state = try await blocking { try runner.submit(spec) }
        return try encode(JobStatusResponse(
            jobId: state.spec.jobId, jobArn: state.spec.jobArn, jobStatus: state.status, documentClassifierArn: state.spec.modelPath))
    }

    func describeJob(_ request: JobIdRequest) async throws -> Answer {
        guard let jobId = request.jobId else { throw ComprehendError.invalidRequest("JobId is required") }
        let journal = runner.journal
        let state = try await blocking { try journal.job(jobId) }
        return try encode(DescribeJobResponse(properties: JobDescription(state)))
    }

    func listJobs(_ request: ListJobsRequest) async throws -> Answer {
        if let limit = request.maxResults, !(1...500).contains(limit) {
            throw ComprehendError.invalidRequest("MaxResults must be between 1 and 500")
        }
        let query = JobListQuery(filter: request.filter, maxResults: request.maxResults ?? 100, nextToken: request.nextToken)
        let journal = runner.journal
        let jobs = try await blocking { try journal.jobs() }
        let (page, token) = try query.page(of: jobs)
        return try encode(ListJobsResponse(properties: page.map(JobDescription.init), nextToken: token))
    }

    func stopJob(_ request: JobIdRequest) async throws -> Answer {
        guard let jobId = request.jobId else { throw ComprehendError.invalidRequest("JobId is required") }
        let runner = self.runner
        let state = try await blocking { try runner.requestStop(jobId) }
        return try encode(JobStatusResponse(jobId: state.spec.jobId, jobArn: nil, jobStatus: state.status))
    }

    /// The journal's jobs (none when it cannot be read), for the metrics.
    public func journalJobs() async -> [JobState] {
        let journal = runner.journal
        return (try? await blocking { try journal.jobs() }) ?? []
    }

    // MARK: Helpers

    /// Runs blocking file work on the I/O pool.
    private func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await io.run { Result { try body() } }.get()
    }

    private func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], _ operation: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body.isEmpty ? Array("{}".utf8) : body))
        } catch {
            throw ComprehendError.invalidRequest("the \(operation) request is not valid: \(DescribedCause(error))")
        }
    }

    private func encode(_ value: some Encodable) throws -> Answer {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Answer(Array(try encoder.encode(value)))
    }
}
