import AsyncHTTPClient
import NIOCore
import TriageCore

/// Streams one S3 object (or its first `end` bytes) as it arrives: nothing is held but the chunk
/// being handed out. A connection dropped mid-object is resumed with a ranged GET from the next
/// byte, up to the client's attempt limit.
///
/// `@unchecked Sendable`: its state is unguarded because a `ByteStream` is used by one task at a
/// time (the protocol's contract); the stream moves between tasks but is never read concurrently.
final class S3ObjectStream: ByteStream, @unchecked Sendable {
    let client: S3Client
    let bucket: String
    let key: String
    /// Where to stop reading (exclusive), or nil for the whole object.
    let end: Int64?
    /// Bytes handed out so far.
    private var offset: Int64 = 0
    private var iterator: HTTPClientResponse.Body.AsyncIterator?
    private var pending: ByteBuffer?
    private var finished = false
    private var resumptions = 0

    init(client: S3Client, bucket: String, key: String, from offset: Int64 = 0, end: Int64? = nil) {
        self.client = client
        self.bucket = bucket
        self.key = key
        self.offset = offset
        self.end = end
    }

    func read(maxBytes: Int) async throws -> [UInt8]? {
        while true {
            if let end, offset >= end {
                finished = true
                return nil
            }
            if var buffer = pending, buffer.readableBytes > 0 {
                let left = end.map { Int(clamping: $0 - offset) } ?? Int.max
                let count = min(maxBytes, buffer.readableBytes, left)
                let bytes = buffer.readBytes(length: count) ?? []
                pending = buffer.readableBytes > 0 ? buffer : nil
                offset += Int64(bytes.count)
                return bytes
            }
            if finished { return nil }
            if iterator == nil {
                let length = end.map { $0 - offset }
                iterator = try await client.get(bucket: bucket, key: key, offset: offset, length: length).body.makeAsyncIterator()
            }
            do {
                var advancing = iterator
                let next = try await advancing?.next()
                iterator = advancing
                if let next {
                    pending = next
                } else {
                    finished = true
                    iterator = nil
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // The connection dropped: resume from `offset`.
                iterator = nil
                resumptions += 1
                guard resumptions < client.configuration.maxAttempts else {
                    throw TriageError(
                        .unreadable, "cannot read s3://\(bucket)/\(key): the connection dropped at byte \(offset)",
                        cause: S3ErrorCause(status: 0, code: "ConnectionFailed", message: "\(error)"))
                }
                try await client.backoff(attempt: resumptions)
            }
        }
    }

    func close() async {
        iterator = nil
        pending = nil
        finished = true
    }
}
