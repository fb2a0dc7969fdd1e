import Foundation
import TriageCore

// The request bodies of the operations Triage serves, under Comprehend's member names. Members
// Triage has no use for (VpcConfig, FlywheelArn, ...) are accepted and ignored.

/// ClassifyDocument: `Text` or `Bytes` (base64), `EndpointArn`, `DocumentReaderConfig`.
struct ClassifyDocumentRequest: Decodable {
    var text: String?
    var bytes: String?
    var endpointArn: String?
    var documentReaderConfig: DocumentReaderConfig?
    enum CodingKeys: String, CodingKey {
        case text = "Text", bytes = "Bytes", endpointArn = "EndpointArn", documentReaderConfig = "DocumentReaderConfig"
    }
}

/// CreateEndpoint.
struct CreateEndpointRequest: Decodable {
    var endpointName: String?
    var modelArn: String?
    var desiredInferenceUnits: Int?
    var clientRequestToken: String?
    var tags: [JobTag]?
    var dataAccessRoleArn: String?
    enum CodingKeys: String, CodingKey {
        case endpointName = "EndpointName", modelArn = "ModelArn", desiredInferenceUnits = "DesiredInferenceUnits"
        case clientRequestToken = "ClientRequestToken", tags = "Tags", dataAccessRoleArn = "DataAccessRoleArn"
    }
}

/// DescribeEndpoint and DeleteEndpoint.
struct EndpointArnRequest: Decodable {
    var endpointArn: String?
    enum CodingKeys: String, CodingKey { case endpointArn = "EndpointArn" }
}

/// UpdateEndpoint.
struct UpdateEndpointRequest: Decodable {
    var endpointArn: String?
    var desiredModelArn: String?
    var desiredInferenceUnits: Int?
    var desiredDataAccessRoleArn: String?
    enum CodingKeys: String, CodingKey {
        case endpointArn = "EndpointArn", desiredModelArn = "DesiredModelArn", desiredInferenceUnits = "DesiredInferenceUnits"
        case desiredDataAccessRoleArn = "DesiredDataAccessRoleArn"
    }
}

/// ListEndpoints.
struct ListEndpointsRequest: Decodable {
    struct Filter: Decodable {
        var modelArn: String?
        var status: Endpoint.Status?
        var creationTimeBefore: Double?
        var creationTimeAfter: Double?
        enum CodingKeys: String, CodingKey {
            case modelArn = "ModelArn", status = "Status", creationTimeBefore = "CreationTimeBefore"
            case creationTimeAfter = "CreationTimeAfter"
        }
    }
    var filter: Filter?
    var nextToken: String?
    var maxResults: Int?
    enum CodingKeys: String, CodingKey { case filter = "Filter", nextToken = "NextToken", maxResults = "MaxResults" }
}

/// DescribeDocumentClassificationJob and the stop operation.
struct JobIdRequest: Decodable {
    var jobId: String?
    enum CodingKeys: String, CodingKey { case jobId = "JobId" }
}

/// ListDocumentClassificationJobs.
struct ListJobsRequest: Decodable {
    var filter: JobListQuery.Filter?
    var nextToken: String?
    var maxResults: Int?
    enum CodingKeys: String, CodingKey { case filter = "Filter", nextToken = "NextToken", maxResults = "MaxResults" }
}

/// CreateEndpoint's response.
struct CreateEndpointResponse: Encodable {
    var endpointArn: String
    var modelArn: String
    enum CodingKeys: String, CodingKey { case endpointArn = "EndpointArn", modelArn = "ModelArn" }
}

/// DescribeEndpoint's response.
struct DescribeEndpointResponse: Encodable {
    var properties: EndpointProperties
    enum CodingKeys: String, CodingKey { case properties = "EndpointProperties" }
}

/// ListEndpoints' response.
struct ListEndpointsResponse: Encodable {
    var properties: [EndpointProperties]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case properties = "EndpointPropertiesList", nextToken = "NextToken" }
}

/// UpdateEndpoint's response.
struct UpdateEndpointResponse: Encodable {
    var desiredModelArn: String
    enum CodingKeys: String, CodingKey { case desiredModelArn = "DesiredModelArn" }
}

/// An empty response (`{}`), as DeleteEndpoint returns.
struct EmptyResponse: Encodable {}
