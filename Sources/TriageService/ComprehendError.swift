import TriageCore
import TriagePipeline

/// An error in AWS's JSON 1.1 shape (`{"__type": …, "message": …}`) with AWS's HTTP status, so
/// boto3 and the AWS CLI raise the exception classes Comprehend users already catch.
public struct ComprehendError: Error, Sendable, Hashable {
    /// The exception's name, e.g. `ResourceNotFoundException`.
    public var type: String
    /// What went wrong, naming the endpoint, job or field at fault. Never holds credentials or document text.
    public var message: String
    /// The HTTP status.
    public var status: Int
    /// `Reason` of an `InvalidRequestException` (e.g. `INVALID_DOCUMENT`), when there is one.
    public var reason: String?
    /// `Detail.Reason`: the document error code behind an `INVALID_DOCUMENT` reason.
    public var detailReason: String?

    /// Makes an error.
    public init(_ type: String, _ message: String, status: Int = 400, reason: String? = nil, detailReason: String? = nil) {
        self.type = type
        self.message = message
        self.status = status
        self.reason = reason
        self.detailReason = detailReason
    }

    /// The request is malformed or asks for something impossible.
    public static func invalidRequest(_ message: String, reason: String? = nil, detailReason: String? = nil) -> Self {
        Self("InvalidRequestException", message, reason: reason, detailReason: detailReason)
    }
    /// No endpoint (or model) by that name.
    public static func resourceNotFound(_ message: String) -> Self { Self("ResourceNotFoundException", message) }
    /// The name is taken, or the resource is busy.
    public static func resourceInUse(_ message: String) -> Self { Self("ResourceInUseException", message) }
    /// The endpoint exists but cannot classify (its model failed to load).
    public static func resourceUnavailable(_ message: String) -> Self { Self("ResourceUnavailableException", message) }
    /// No job with that id.
    public static func jobNotFound(_ message: String) -> Self { Self("JobNotFoundException", message) }
    /// The text or body is larger than the configured limit.
    public static func textSizeLimitExceeded(_ message: String, status: Int = 400) -> Self {
        Self("TextSizeLimitExceededException", message, status: status)
    }
    /// The request names an access key the server does not know, or carries no signature.
    public static func unrecognizedClient(_ message: String) -> Self { Self("UnrecognizedClientException", message, status: 403) }
    /// The request's signature does not match, or has expired.
    public static func invalidSignature(_ message: String) -> Self { Self("InvalidSignatureException", message, status: 403) }
    /// `X-Amz-Target` names no operation Triage serves.
    public static func unknownOperation(_ message: String) -> Self { Self("UnknownOperationException", message) }
    /// Something failed inside Triage.
    public static func internalServer(_ message: String) -> Self { Self("InternalServerException", message, status: 500) }

    /// The error's JSON body.
    public var body: [UInt8] {
        var output: [UInt8] = []
        output.append(contentsOf: #"{"__type": "#.utf8)
        PredictionEncoder.appendString(type, to: &output)
        output.append(contentsOf: #", "message": "#.utf8)
        PredictionEncoder.appendString(message, to: &output)
        if let reason {
            output.append(contentsOf: #", "Reason": "#.utf8)
            PredictionEncoder.appendString(reason, to: &output)
        }
        if let detailReason {
            output.append(contentsOf: #", "Detail": {"Reason": "#.utf8)
            PredictionEncoder.appendString(detailReason, to: &output)
            output.append(UInt8(ascii: "}"))
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The Comprehend exception for a Triage error met while serving a request.
    public static func from(_ error: TriageError) -> Self {
        switch error.code {
        case .jobNotFound: return .jobNotFound(error.message)
        case .notFound: return .resourceNotFound(error.message)
        case .invalidArgument, .illegalTransition, .invalidModel, .invalidDocument: return .invalidRequest(error.message)
        case .jobBusy: return .resourceInUse(error.message)
        default: return .internalServer(error.message)
        }
    }
}
