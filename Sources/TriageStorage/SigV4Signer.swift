import Crypto
import Foundation

/// Access keys for signing requests. `description` never shows the secret or the token.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// The access key id only: secrets never reach logs or error messages.
    public var description: String { "AWSCredentials(accessKeyId: \(accessKeyId), secret: <redacted>)" }
    public var debugDescription: String { description }
}

/// AWS Signature Version 4 for the `Authorization` header, as the AWS documentation and its
/// published test suite define it.
///
/// Pure: given the request, the credentials and the time, it returns the headers to add. Paths
/// and query items are given decoded; the signer percent-encodes them (RFC 3986 unreserved
/// characters kept), as S3 expects: each path segment encoded once, `/` kept.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// What is signed.
    public struct Request: Sendable {
        public var method: String
        /// The decoded path, starting with `/`.
        public var path: String
        /// Decoded query items, in any order.
        public var query: [(name: String, value: String)]
        /// Headers in request order; names in any case. Must include `host`.
        public var headers: [(name: String, value: String)]
        /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
        public var payloadHash: String

        public init(
            method: String, path: String, query: [(name: String, value: String)] = [],
            headers: [(name: String, value: String)], payloadHash: String
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    /// The hex SHA-256 of the empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The headers to add to `request` to sign it at `date`: `x-amz-date`, `x-amz-security-token`
    /// when the credentials carry one (unless `signToken` is false: then it is added unsigned), and
    /// `Authorization`.
    public func sign(_ request: Request, at date: Date, normalizePath: Bool = false, signToken: Bool = true)
        -> [(name: String, value: String)]
    {
        let stamp = Self.timestamp(date)
        var request = request
        var added: [(name: String, value: String)] = [("x-amz-date", stamp)]
        request.headers.append(("x-amz-date", stamp))
        if let token = credentials.sessionToken {
            if signToken { request.headers.append(("x-amz-security-token", token)) }
            added.append(("x-amz-security-token", token))
        }
        let (canonical, signedHeaders) = canonicalRequest(request, normalizePath: normalizePath)
        let signature = signature(of: stringToSign(canonicalRequest: canonical, timestamp: stamp), day: String(stamp.prefix(8)))
        added.append((
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope(day: String(stamp.prefix(8)))), "
                + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        ))
        return added
    }

    /// The canonical request and the signed headers' list.
    public func canonicalRequest(_ request: Request, normalizePath: Bool = false) -> (String, String) {
        let path = normalizePath ? Self.normalized(request.path) : request.path
        let uri = path.isEmpty ? "/" : Self.encode(path, keepSlash: true)
        var pairs: [(name: String, value: String)] = request.query.map { item in
            (Self.encode(item.name, keepSlash: false), Self.encode(item.value, keepSlash: false))
        }
        pairs.sort { a, b in a.name != b.name ? a.name < b.name : a.value < b.value }
        let query = pairs.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
        // Same-named headers join with commas, in request order; values trimmed, inner runs of
        // whitespace collapsed to one space.
        var merged: [String: [String]] = [:]
        for (name, value) in request.headers {
            merged[name.lowercased(), default: []].append(Self.trimAll(value))
        }
        let names = merged.keys.sorted()
        let headers = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        let signed = names.joined(separator: ";")
        return ([request.method, uri, query, headers, signed, request.payloadHash].joined(separator: "\n"), signed)
    }

    /// The string to sign for a canonical request made at `timestamp` (`yyyyMMdd'T'HHmmss'Z'`).
    public func stringToSign(canonicalRequest: String, timestamp: String) -> String {
        let hash = SHA256.hash(data: Data(canonicalRequest.utf8)).hex
        return ["AWS4-HMAC-SHA256", timestamp, scope(day: String(timestamp.prefix(8))), hash].joined(separator: "\n")
    }

    /// The hex signature of `stringToSign` with the key derived for `day` (`yyyyMMdd`).
    public func signature(of stringToSign: String, day: String) -> String {
        var key = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return Data(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key)).hex
    }

    func scope(day: String) -> String { "\(day)/\(region)/\(service)/aws4_request" }

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC.
    public static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }

    /// `text` percent-encoded as SigV4 wants: unreserved characters (A-Z a-z 0-9 - _ . ~) kept, `/`
    /// kept when `keepSlash`, every other UTF-8 byte as `%XX` (uppercase hex).
    public static func encode(_ text: String, keepSlash: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `path` with `.` and `..` segments resolved and empty segments dropped (RFC 3986 section
    /// 5.2.4), keeping a trailing slash: what signing for services other than S3 does.
    static func normalized(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        let trailing = path.hasSuffix("/") && !segments.isEmpty
        return "/" + segments.joined(separator: "/") + (trailing ? "/" : "")
    }

    /// `value` without leading and trailing whitespace, inner runs of whitespace as one space.
    static func trimAll(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hex.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self { out += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
        return String(decoding: out, as: UTF8.self)
    }
}

extension SHA256.Digest {
    /// Lowercase hex.
    var hex: String { Array(self).hex }
}

/// SHA-256 helpers.
public enum SHA256Digest {
    /// The lowercase hex SHA-256 of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).hex }
}
