import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TriageCore

/// An S3 error response (or a failed connection), carried as a `TriageError.cause`. It never
/// holds credentials: S3's messages name the access key id at most.
public struct S3ErrorCause: Error, Sendable, CustomStringConvertible {
    /// The HTTP status, 0 when no response arrived.
    public var status: Int
    /// S3's error code (`NoSuchBucket`, `AccessDenied`, `SlowDown`, …), or the transport error.
    public var code: String
    /// S3's message.
    public var message: String

    public var description: String {
        status == 0 ? "\(code): \(message)" : "\(code) (HTTP \(status)): \(message)"
    }
}

/// One object in a listing.
public struct S3Object: Sendable, Hashable {
    public var key: String
    public var size: Int64
    public var modified: Date?
    public var etag: String
}

/// The S3 REST API over one async-http-client `HTTPClient`: signed (SigV4) requests, retries with
/// exponential backoff and full jitter on 5xx, throttling and dropped connections, and S3's
/// error responses turned into `TriageError`s that name the bucket and key.
///
/// `Sendable`: its stored properties are immutable and `HTTPClient` is thread-safe. Call
/// `shutdown()` once when done.
public final class S3Client: Sendable {
    public let configuration: S3Configuration
    let http: HTTPClient

    /// Creates the process's HTTP client for `configuration`.
    public init(configuration: S3Configuration) {
        self.configuration = configuration
        var http = HTTPClient.Configuration(
            timeout: .init(
                connect: .seconds(Int64(configuration.connectTimeout)), read: .seconds(Int64(configuration.readTimeout))))
        http.decompression = .disabled
        // Retries are ours (bounded attempts, backoff with jitter): without this the pool keeps
        // re-dialling a refused connection until the request's deadline, minutes per attempt.
        http.connectionPool.retryConnectionEstablishment = false
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
    }

    /// Shuts the HTTP client down; call once, after the last request.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    // MARK: Requests

    /// The URL, Host header and decoded path of a request to `bucket`/`key`.
    func address(bucket: String, key: String) -> (base: String, host: String, path: String) {
        let endpoint = configuration.endpoint ?? "https://s3.\(configuration.region).amazonaws.com"
        let scheme = endpoint.hasPrefix("http://") ? "http" : "https"
        let authority = String(endpoint.dropFirst(scheme.count + 3).prefix { $0 != "/" })
        let host: String
        let path: String
        // Bucket names with dots do not fit a TLS wildcard certificate: those go path-style.
        if configuration.pathStyle || bucket.contains(".") {
            host = authority
            path = "/" + bucket + (key.isEmpty ? "" : "/" + key)
        } else {
            host = bucket + "." + authority
            path = "/" + key
        }
        return ("\(scheme)://\(host)", host, path)
    }

    /// Sends a request built afresh for each attempt (so each is signed at its own time), retrying
    /// what can be retried. Returns the response with its body unread when `stream` is true,
    /// otherwise with the body collected. Throws `failure` (or `.notFound` for S3's `NoSuch…`
    /// codes) with a message that starts with `what`.
    func send(
        _ method: HTTPMethod, bucket: String, key: String = "", query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8]? = nil, what: String,
        failure: TriageError.Code, stream: Bool = false
    ) async throws -> (response: HTTPClientResponse, body: [UInt8]) {
        var attempt = 0
        while true {
            attempt += 1
            let request = signedRequest(method, bucket: bucket, key: key, query: query, headers: headers, body: body)
            let outcome: S3ErrorCause
            do {
                let response = try await http.execute(request, timeout: .seconds(Int64(configuration.readTimeout) * 5))
                let status = Int(response.status.code)
                if (200..<300).contains(status) {
                    if stream { return (response, []) }
                    let collected = try await response.body.collect(upTo: 64 << 20)
                    let bytes = Array(collected.readableBytesView)
                    // CompleteMultipartUpload can answer 200 with an error in its body.
                    if method == .POST, let error = Self.errorResponse(status: status, bytes), bytes.count < 1 << 20 {
                        outcome = error
                    } else {
                        return (response, bytes)
                    }
                } else {
                    let collected = try await response.body.collect(upTo: 1 << 20)
                    outcome = Self.errorResponse(status: status, Array(collected.readableBytesView))
                        ?? S3ErrorCause(status: status, code: Self.codeForStatus(status, key: key), message: response.status.reasonPhrase)
                }
            } catch let error as HTTPClientError {
                outcome = S3ErrorCause(status: 0, code: "ConnectionFailed", message: "\(error)")
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outcome = S3ErrorCause(status: 0, code: "ConnectionFailed", message: "\(error)")
            }
            guard Self.isRetryable(outcome), attempt < configuration.maxAttempts else {
                throw Self.error(outcome, what: what, failure: failure, attempts: attempt)
            }
            try await backoff(attempt: attempt)
        }
    }

    /// A request with its URL, Host, payload hash and SigV4 headers (unless unsigned).
    func signedRequest(
        _ method: HTTPMethod, bucket: String, key: String, query: [(name: String, value: String)],
        headers: [(name: String, value: String)], body: [UInt8]?
    ) -> HTTPClientRequest {
        let (base, host, path) = address(bucket: bucket, key: key)
        let encodedQuery = query.map { "\(SigV4Signer.encode($0.name, keepSlash: false))=\(SigV4Signer.encode($0.value, keepSlash: false))" }
            .joined(separator: "&")
        var request = HTTPClientRequest(url: base + SigV4Signer.encode(path, keepSlash: true) + (query.isEmpty ? "" : "?" + encodedQuery))
        request.method = method
        let payloadHash = body.map { SHA256Digest.hex($0) } ?? SigV4Signer.emptyPayloadHash
        var all = headers
        all.append(("host", host))
        all.append(("x-amz-content-sha256", payloadHash))
        if let credentials = configuration.credentials {
            let signer = SigV4Signer(credentials: credentials, region: configuration.region, service: "s3")
            all += signer.sign(
                SigV4Signer.Request(method: method.rawValue, path: path, query: query, headers: all, payloadHash: payloadHash),
                at: Date())
        }
        for (name, value) in all { request.headers.add(name: name, value: value) }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    /// Sleeps before attempt `attempt + 1`: a random time up to base × 2^(attempt - 1), at most 20 s.
    func backoff(attempt: Int) async throws {
        let ceiling = min(20_000, configuration.baseDelayMilliseconds << min(attempt - 1, 20))
        try await Task.sleep(nanoseconds: UInt64(Int.random(in: 0...ceiling)) * 1_000_000)
    }

    /// Whether a failure is worth another attempt: no response, 5xx, 429, or S3's throttling codes.
    static func isRetryable(_ error: S3ErrorCause) -> Bool {
        if error.status == 0 || error.status >= 500 || error.status == 429 { return true }
        return ["SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "InternalError", "ServiceUnavailable"]
            .contains(error.code)
    }

    /// The `TriageError` for a final failure.
    /// The `TriageError` for a final failure; `attempts` above 1 is said, so a user knows it was retried.
    static func error(_ cause: S3ErrorCause, what: String, failure: TriageError.Code, attempts: Int = 1) -> TriageError {
        let code: TriageError.Code = cause.code.hasPrefix("NoSuch") ? .notFound : failure
        let reason: String
        switch cause.code {
        case "NoSuchBucket": reason = "the bucket does not exist"
        case "NoSuchKey": reason = "the object does not exist"
        case "AccessDenied": reason = "access denied"
        case "InvalidAccessKeyId": reason = "the access key id is not known to the server"
        case "SignatureDoesNotMatch": reason = "the secret access key is wrong (the signature does not match)"
        case "ConnectionFailed": reason = "the server could not be reached"
        default: reason = "the server answered \(cause.code)"
        }
        let retried = attempts > 1 ? " (gave up after \(attempts) attempts)" : ""
        return TriageError(code, "\(what): \(reason)\(retried)", cause: cause)
    }

    /// S3's `<Error><Code>…</Code><Message>…</Message></Error>`, if `bytes` is one.
    static func errorResponse(status: Int, _ bytes: [UInt8]) -> S3ErrorCause? {
        guard !bytes.isEmpty, let root = XMLElementNode.parse(bytes), root.name == "Error" else { return nil }
        return S3ErrorCause(status: status, code: root.value("Code") ?? "UnknownError", message: root.value("Message") ?? "")
    }

    /// A code for a response without a body (HEAD): 404 is a missing bucket or key, 403 a refusal.
    static func codeForStatus(_ status: Int, key: String) -> String {
        switch status {
        case 404: key.isEmpty ? "NoSuchBucket" : "NoSuchKey"
        case 403: "AccessDenied"
        case 301, 307: "PermanentRedirect"
        case 503: "SlowDown"
        default: "HTTP\(status)"
        }
    }

    // MARK: Operations

    /// Every object whose key starts with `prefix`, following continuation tokens, in key order.
    public func list(bucket: String, prefix: String) async throws -> [S3Object] {
        var objects: [S3Object] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", prefix)]
            if let token { query.append(("continuation-token", token)) }
            let (_, body) = try await send(
                .GET, bucket: bucket, query: query, what: "cannot list s3://\(bucket)/\(prefix)", failure: .unreadable)
            guard let root = XMLElementNode.parse(body), root.name == "ListBucketResult" else {
                throw TriageError(.unreadable, "cannot list s3://\(bucket)/\(prefix): the answer is not a ListBucketResult")
            }
            for item in root.all("Contents") {
                guard let key = item.value("Key") else { continue }
                objects.append(S3Object(
                    key: key, size: Int64(item.value("Size") ?? "") ?? 0,
                    modified: item.value("LastModified").flatMap(Self.parseDate), etag: item.value("ETag") ?? ""))
            }
            token = root.value("IsTruncated") == "true" ? root.value("NextContinuationToken") : nil
        } while token != nil
        return objects
    }

    /// Starts a GET of `key` from byte `offset`; the response's body streams the object.
    public func get(bucket: String, key: String, offset: Int64 = 0, length: Int64? = nil) async throws -> HTTPClientResponse {
        var headers: [(name: String, value: String)] = []
        if offset > 0 || length != nil {
            let end = length.map { String(offset + $0 - 1) } ?? ""
            headers.append(("range", "bytes=\(offset)-\(end)"))
        }
        return try await send(
            .GET, bucket: bucket, key: key, headers: headers, what: "cannot read s3://\(bucket)/\(key)",
            failure: .unreadable, stream: true
        ).response
    }

    /// Checks that `bucket` exists and answers these credentials.
    public func headBucket(_ bucket: String) async throws {
        _ = try await send(.HEAD, bucket: bucket, what: "cannot use bucket s3://\(bucket)", failure: .notWritable)
    }

    /// Stores `bytes` at `key` in one PUT.
    public func put(bucket: String, key: String, bytes: [UInt8]) async throws {
        _ = try await send(.PUT, bucket: bucket, key: key, body: bytes, what: "cannot write s3://\(bucket)/\(key)", failure: .notWritable)
    }

    /// Starts a multipart upload; returns its id.
    public func createMultipartUpload(bucket: String, key: String) async throws -> String {
        let (_, body) = try await send(
            .POST, bucket: bucket, key: key, query: [("uploads", "")], what: "cannot start uploading s3://\(bucket)/\(key)",
            failure: .notWritable)
        guard let id = XMLElementNode.parse(body)?.value("UploadId"), !id.isEmpty else {
            throw TriageError(.notWritable, "cannot start uploading s3://\(bucket)/\(key): no UploadId in the answer")
        }
        return id
    }

    /// Uploads part `number` (from 1); returns its ETag.
    public func uploadPart(bucket: String, key: String, uploadId: String, number: Int, bytes: [UInt8]) async throws -> String {
        let (response, _) = try await send(
            .PUT, bucket: bucket, key: key, query: [("partNumber", String(number)), ("uploadId", uploadId)], body: bytes,
            what: "cannot upload part \(number) of s3://\(bucket)/\(key)", failure: .notWritable)
        guard let etag = response.headers.first(name: "etag") else {
            throw TriageError(.notWritable, "cannot upload part \(number) of s3://\(bucket)/\(key): no ETag in the answer")
        }
        return etag
    }

    /// Completes a multipart upload: the object appears, whole, only now.
    public func completeMultipartUpload(bucket: String, key: String, uploadId: String, parts: [(number: Int, etag: String)]) async throws {
        var xml = "<CompleteMultipartUpload>"
        for part in parts {
            xml += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\(xmlEscaped(part.etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        _ = try await send(
            .POST, bucket: bucket, key: key, query: [("uploadId", uploadId)], body: Array(xml.utf8),
            what: "cannot complete the upload of s3://\(bucket)/\(key)", failure: .notWritable)
    }

    /// The ids of the multipart uploads under way for exactly `key` (a crashed writer's leftovers).
    public func multipartUploads(bucket: String, key: String) async throws -> [String] {
        let (_, body) = try await send(
            .GET, bucket: bucket, query: [("prefix", key), ("uploads", "")],
            what: "cannot list the uploads under way to s3://\(bucket)/\(key)", failure: .unreadable)
        guard let root = XMLElementNode.parse(body) else { return [] }
        return root.all("Upload").filter { $0.value("Key") == key }.compactMap { $0.value("UploadId") }
    }

    /// Aborts a multipart upload, so that no part is left behind.
    public func abortMultipartUpload(bucket: String, key: String, uploadId: String) async throws {
        _ = try await send(
            .DELETE, bucket: bucket, key: key, query: [("uploadId", uploadId)],
            what: "cannot abort the upload of s3://\(bucket)/\(key)", failure: .notWritable)
    }

    /// S3's `2009-10-12T17:50:30.000Z`.
    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
