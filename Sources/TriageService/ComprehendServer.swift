import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TriageCore
import TriagePipeline
import TriageStorage

/// How `triage serve` listens.
public struct ServerConfiguration: Sendable {
    /// The address to bind.
    public var host: String
    /// The port (0 for any free one; the bound port is reported when listening).
    public var port: Int
    /// Requests must be signed with these (SigV4); nil to take unsigned requests (loopback only).
    public var credentials: AWSCredentials?
    /// Bodies larger than this are refused before they are read whole.
    public var maxBodyBytes: Int

    /// Makes a configuration.
    public init(host: String, port: Int, credentials: AWSCredentials?, maxBodyBytes: Int) {
        self.host = host
        self.port = port
        self.credentials = credentials
        self.maxBodyBytes = maxBodyBytes
    }

    /// Whether `host` names only this machine (127.0.0.0/8, ::1, localhost).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Refuses to serve without credentials on anything but loopback.
    public func validate() throws {
        if credentials == nil, !Self.isLoopback(host) {
            throw TriageError(
                .invalidArgument,
                "refusing to listen on \(host) without credentials: give --access-key-id and --secret-access-key "
                    + "(or TRIAGE_ACCESS_KEY_ID and TRIAGE_SECRET_ACCESS_KEY), or listen on 127.0.0.1")
        }
        guard maxBodyBytes >= 1 else { throw TriageError(.invalidArgument, "the body limit must be at least 1 byte") }
        guard (0...65535).contains(port) else { throw TriageError(.invalidArgument, "the port must be between 0 and 65535") }
    }
}

/// The HTTP side of `triage serve` (Hummingbird): Comprehend's JSON 1.1 protocol on `POST /`,
/// `GET /healthz` and `GET /metrics`.
public enum ComprehendServer {
    /// The application serving `api`; `onListening` is called with the bound port once it listens.
    public static func application(
        api: ComprehendAPI, configuration: ServerConfiguration, metrics: ServerMetrics, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        let responder = Responder(
            api: api, verifier: configuration.credentials.map(RequestVerifier.init), maxBodyBytes: configuration.maxBodyBytes,
            metrics: metrics)
        let router = Router()
        router.get("/healthz") { _, _ in Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "ok\n"))) }
        router.get("/metrics") { _, _ in await responder.metricsResponse() }
        router.post("/") { request, _ in await responder.respond(to: request) }
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "triage"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// Answers one request: checks the target, the body's size and the signature, then runs the operation.
    struct Responder: Sendable {
        let api: ComprehendAPI
        let verifier: RequestVerifier?
        let maxBodyBytes: Int
        let metrics: ServerMetrics

        static let target = HTTPField.Name("X-Amz-Target")!
        static let requestId = HTTPField.Name("x-amzn-RequestId")!

        func respond(to request: Request) async -> Response {
            let start = ContinuousClock.now
            let target = request.headers[Self.target] ?? ""
            let operation = target.hasPrefix(ComprehendAPI.targetPrefix)
                ? String(target.dropFirst(ComprehendAPI.targetPrefix.count)) : target
            let answer = await answer(request, target: target, operation: operation)
            let label = ComprehendAPI.operations.contains(operation) ? operation : "unknown"
            metrics.request(operation: label, status: answer.status, duration: ContinuousClock.now - start)
            if answer.documents > 0 { metrics.classified(answer.documents) }
            return Response(
                status: HTTPResponse.Status(code: answer.status),
                headers: [.contentType: "application/x-amz-json-1.1", Self.requestId: UUID().uuidString.lowercased()],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }

        private func answer(_ request: Request, target: String, operation: String) async -> ComprehendAPI.Answer {
            guard target.hasPrefix(ComprehendAPI.targetPrefix) else {
                return .init(.unknownOperation("X-Amz-Target must be \(ComprehendAPI.targetPrefix)<Operation>, not '\(target)'"))
            }
            let tooLarge: ComprehendError = operation == "ClassifyDocument"
                ? .textSizeLimitExceeded("the request body is larger than \(maxBodyBytes) bytes", status: 413)
                : ComprehendError("InvalidRequestException", "the request body is larger than \(maxBodyBytes) bytes", status: 413)
            // Refused before reading when the length is declared; a chunked body stops being read at the limit.
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes {
                return .init(tooLarge)
            }
            let body: [UInt8]
            do {
                let buffer = try await request.body.collect(upTo: maxBodyBytes)
                body = Array(buffer.readableBytesView)
            } catch is NIOTooManyBytesError {
                return .init(tooLarge)
            } catch {
                return .init(.invalidRequest("the request body could not be read: \(error)"))
            }
            if let verifier {
                var headers: [(name: String, value: String)] = request.headers.map { ($0.name.canonicalName, $0.value) }
                if let authority = request.head.authority { headers.append(("host", authority)) }
                let path = request.uri.path
                let signed = RequestVerifier.Request(
                    method: request.method.rawValue, path: path.isEmpty ? "/" : path, query: request.uri.query ?? "",
                    headers: headers, body: body)
                if let error = verifier.verify(signed, now: Date()) { return .init(error) }
            }
            return await api.handle(operation: operation, body: body)
        }

        func metricsResponse() async -> Response {
            let jobs = await api.journalJobs()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render(jobs: jobs))))
        }
    }
}
