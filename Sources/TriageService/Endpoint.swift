import Foundation
import TriageCore

/// A real-time endpoint: a name bound to a model file, as Comprehend's CreateEndpoint makes one.
/// Kept in `endpoints.json` beside the journal, so endpoints outlive the server process.
public struct Endpoint: Sendable, Codable, Hashable {
    /// Comprehend's endpoint statuses.
    public enum Status: String, Sendable, Codable {
        /// Ready to classify.
        case inService = "IN_SERVICE"
        /// Its model could not be loaded (the message says why).
        case failed = "FAILED"
    }

    /// The endpoint's name, the last part of its ARN.
    public var name: String
    /// The model file the endpoint classifies with.
    public var modelPath: String
    /// `DesiredInferenceUnits`, kept as given (Triage's throughput does not depend on it).
    public var inferenceUnits: Int
    /// Whether it can classify.
    public var status: Status
    /// Why the endpoint FAILED.
    public var message: String?
    /// When it was created.
    public var creationTime: Date
    /// When it was last changed.
    public var lastModifiedTime: Date
    /// `DataAccessRoleArn`, kept as given.
    public var dataAccessRoleArn: String?
    /// The token of the CreateEndpoint request that made it: the same request again returns it.
    public var clientRequestToken: String?
    /// `Tags`, kept as given.
    public var tags: [JobTag]

    /// Makes an endpoint record.
    public init(
        name: String, modelPath: String, inferenceUnits: Int, status: Status = .inService, message: String? = nil,
        creationTime: Date, lastModifiedTime: Date, dataAccessRoleArn: String? = nil, clientRequestToken: String? = nil,
        tags: [JobTag] = []
    ) {
        self.name = name
        self.modelPath = modelPath
        self.inferenceUnits = inferenceUnits
        self.status = status
        self.message = message
        self.creationTime = creationTime
        self.lastModifiedTime = lastModifiedTime
        self.dataAccessRoleArn = dataAccessRoleArn
        self.clientRequestToken = clientRequestToken
        self.tags = tags
    }

    /// The ARN of endpoint `name` owned by `owner`, shaped like Comprehend's.
    public static func arn(name: String, owner: String) -> String {
        "arn:triage:comprehend:local:\(owner):document-classifier-endpoint/\(name)"
    }

    /// The endpoint name in an ARN, or the text itself when it is a bare name.
    public static func name(fromArn arnOrName: String) -> String {
        guard arnOrName.hasPrefix("arn:"), let slash = arnOrName.lastIndex(of: "/") else { return arnOrName }
        return String(arnOrName[arnOrName.index(after: slash)...])
    }

    /// Whether `name` is a valid endpoint name: Comprehend's rule, letters and digits joined by
    /// hyphens, 1 to 40 characters.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...40).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
        func alphanumeric(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        return alphanumeric(first) && alphanumeric(last) && bytes.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") }
    }
}

/// Comprehend's `EndpointProperties`, as DescribeEndpoint and ListEndpoints return them.
public struct EndpointProperties: Sendable, Encodable, Hashable {
    /// The endpoint's ARN.
    public var endpointArn: String
    /// IN_SERVICE or FAILED.
    public var status: Endpoint.Status
    /// Why it FAILED.
    public var message: String?
    /// The model file.
    public var modelArn: String
    /// The model file asked for last (the same: updates take effect at once).
    public var desiredModelArn: String
    /// Inference units asked for.
    public var desiredInferenceUnits: Int
    /// Inference units "in use": the same number.
    public var currentInferenceUnits: Int
    /// When it was created.
    public var creationTime: Date
    /// When it was last changed.
    public var lastModifiedTime: Date
    /// The role, as given.
    public var dataAccessRoleArn: String?

    /// The properties of `endpoint` owned by `owner`.
    public init(_ endpoint: Endpoint, owner: String) {
        endpointArn = Endpoint.arn(name: endpoint.name, owner: owner)
        status = endpoint.status
        message = endpoint.message
        modelArn = endpoint.modelPath
        desiredModelArn = endpoint.modelPath
        desiredInferenceUnits = endpoint.inferenceUnits
        currentInferenceUnits = endpoint.inferenceUnits
        creationTime = endpoint.creationTime
        lastModifiedTime = endpoint.lastModifiedTime
        dataAccessRoleArn = endpoint.dataAccessRoleArn
    }

    enum CodingKeys: String, CodingKey {
        case endpointArn = "EndpointArn", status = "Status", message = "Message", modelArn = "ModelArn"
        case desiredModelArn = "DesiredModelArn", desiredInferenceUnits = "DesiredInferenceUnits"
        case currentInferenceUnits = "CurrentInferenceUnits", creationTime = "CreationTime"
        case lastModifiedTime = "LastModifiedTime", dataAccessRoleArn = "DataAccessRoleArn"
    }
}
