import Foundation
import TriageStorage

/// Checks that a request carries a valid AWS Signature Version 4 for the server's credentials,
/// the way AWS checks what boto3 and the AWS CLI send.
///
/// Pure: it is given the request's parts and the time, and recomputes the signature with the same
/// signer Triage's S3 client uses, over the headers the request says it signed and the SHA-256 of
/// the body it actually carries. Messages name the access key id at most, never the secret.
public struct RequestVerifier: Sendable {
    /// The one key pair requests must be signed with.
    public let credentials: AWSCredentials
    /// How far the request's time may be from the server's (AWS allows 15 minutes).
    public var maxClockSkew: TimeInterval = 15 * 60

    /// Makes a verifier for `credentials`.
    public init(credentials: AWSCredentials) {
        self.credentials = credentials
    }

    /// A request as it arrived.
    public struct Request: Sendable {
        /// `POST`, `GET`, ….
        public var method: String
        /// The path as sent (percent-encoded).
        public var path: String
        /// The query as sent, without `?` (percent-encoded), or empty.
        public var query: String
        /// Every header, names in any case; `host` included.
        public var headers: [(name: String, value: String)]
        /// The body.
        public var body: [UInt8]

        /// Makes a request.
        public init(method: String, path: String, query: String = "", headers: [(name: String, value: String)], body: [UInt8]) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
        }

        func header(_ name: String) -> [String] {
            headers.filter { $0.name.lowercased() == name }.map(\.value)
        }
    }

    /// Nil when `request` is signed by the server's key and unexpired at `now`; otherwise the
    /// error to answer with: UnrecognizedClientException for a missing signature or an unknown
    /// key, InvalidSignatureException for a malformed, mismatched or expired one.
    public func verify(_ request: Request, now: Date) -> ComprehendError? {
        guard let authorization = request.header("authorization").first else {
            return .unrecognizedClient("the request is not signed: this server requires AWS Signature Version 4")
        }
        guard let parsed = Authorization(authorization) else {
            return .invalidSignature("the Authorization header is not an AWS4-HMAC-SHA256 signature")
        }
        guard parsed.accessKeyId == credentials.accessKeyId else {
            return .unrecognizedClient("the security token included in the request is invalid: unknown access key \(parsed.accessKeyId)")
        }
        guard let stamp = request.header("x-amz-date").first, let date = Self.date(stamp) else {
            return .invalidSignature("the request has no valid X-Amz-Date header")
        }
        guard stamp.hasPrefix(parsed.day) else {
            return .invalidSignature("the credential scope's date \(parsed.day) is not the request's date \(stamp)")
        }
        guard abs(date.timeIntervalSince(now)) <= maxClockSkew else {
            return .invalidSignature("signature expired: \(stamp) is more than \(Int(maxClockSkew / 60)) minutes from the server's time")
        }
        let bodyHash = SHA256Digest.hex(request.body)
        if let declared = request.header("x-amz-content-sha256").first, declared != "UNSIGNED-PAYLOAD", declared != bodyHash {
            return .invalidSignature("the body's SHA-256 does not match X-Amz-Content-Sha256")
        }
        var signedHeaders: [(name: String, value: String)] = []
        for name in parsed.signedHeaders {
            let values = request.header(name)
            guard !values.isEmpty else { return .invalidSignature("the signed header \(name) is missing") }
            for value in values { signedHeaders.append((name, value)) }
        }
        guard parsed.signedHeaders.contains("host") else { return .invalidSignature("the signature does not cover the host header") }
        let signer = SigV4Signer(credentials: credentials, region: parsed.region, service: parsed.service)
        let signable = SigV4Signer.Request(
            method: request.method, path: Self.decoded(request.path), query: Self.queryItems(request.query),
            headers: signedHeaders, payloadHash: bodyHash)
        // Services other than S3 sign the normalised path.
        let (canonical, _) = signer.canonicalRequest(signable, normalizePath: parsed.service != "s3")
        let expected = signer.signature(of: signer.stringToSign(canonicalRequest: canonical, timestamp: stamp), day: parsed.day)
        guard Self.constantTimeEqual(expected, parsed.signature) else {
            return .invalidSignature(
                "the request signature we calculated does not match the signature you provided; check your secret access key and signing method")
        }
        return nil
    }

    /// The parts of `AWS4-HMAC-SHA256 Credential=AKID/DAY/REGION/SERVICE/aws4_request,
    /// SignedHeaders=a;b, Signature=HEX`.
    struct Authorization {
        var accessKeyId: String
        var day: String
        var region: String
        var service: String
        var signedHeaders: [String]
        var signature: String

        init?(_ header: String) {
            let prefix = "AWS4-HMAC-SHA256 "
            guard header.hasPrefix(prefix) else { return nil }
            var fields: [String: String] = [:]
            for part in header.dropFirst(prefix.count).split(separator: ",") {
                let item = part.trimmingCharacters(in: .whitespaces)
                guard let equals = item.firstIndex(of: "=") else { return nil }
                fields[String(item[..<equals])] = String(item[item.index(after: equals)...])
            }
            guard let credential = fields["Credential"], let signed = fields["SignedHeaders"], let signature = fields["Signature"]
            else { return nil }
            let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard scope.count == 5, scope[4] == "aws4_request", scope[1].count == 8 else { return nil }
            accessKeyId = scope[0]
            day = scope[1]
            region = scope[2]
            service = scope[3]
            signedHeaders = signed.split(separator: ";").map { $0.lowercased() }
            self.signature = signature
        }
    }

    /// `yyyyMMdd'T'HHmmss'Z'` as a date.
    static func date(_ stamp: String) -> Date? {
        let digits = Array(stamp.utf8)
        guard digits.count == 16, digits[8] == UInt8(ascii: "T"), digits[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: digits[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
            let minute = number(11..<13), let second = number(13..<15)
        else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute, components.second) = (hour, minute, second)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }

    /// A percent-encoded path decoded (left as it is when it is not valid percent-encoding).
    static func decoded(_ path: String) -> String {
        path.removingPercentEncoding ?? path
    }

    /// `a=1&b=2` as decoded name-value pairs.
    static func queryItems(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return (name, value)
        }
    }

    /// Compares two signatures without stopping at the first difference.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
