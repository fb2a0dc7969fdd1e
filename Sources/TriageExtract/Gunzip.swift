internal import CZlib
import TriageCore

/// zlib's error: its status and message, carried as a `TriageError` cause.
public struct ZlibError: Error, Sendable, CustomStringConvertible {
    /// zlib's status (Z_DATA_ERROR...).
    public let status: Int32
    /// zlib's message, when it gave one.
    public let message: String
    /// The message and the status.
    public var description: String { "\(message) (zlib status \(status))" }
}

/// Decompresses gzip data (RFC 1952, any number of members) with zlib, in bounded chunks.
enum Gunzip {
    /// The gzip magic bytes.
    static let magic: [UInt8] = [0x1F, 0x8B]

    /// Decompresses `bytes`, keeping at most `limit` bytes of output; `truncated` is true when the
    /// data holds more. Stops decompressing at `limit + 1` bytes, so a gzip bomb costs nothing more.
    /// Throws `.invalidDocument` for data that is not gzip or ends early.
    static func decompress(_ bytes: [UInt8], limit: Int) throws -> (bytes: [UInt8], truncated: Bool) {
        let output = try inflate(bytes, upTo: limit + 1, requireEnd: true)
        return output.count > limit ? (Array(output.prefix(limit)), true) : (output, false)
    }

    /// The first (at most) `count` decompressed bytes of `bytes`, which may be only the start of a
    /// gzip file; nil when they are not gzip data.
    static func head(_ bytes: [UInt8], count: Int) -> [UInt8]? {
        try? inflate(bytes, upTo: count, requireEnd: false)
    }

    /// Inflates until `upTo` bytes came out or the input ends; with `requireEnd`, input that ends
    /// inside a member is an error.
    private static func inflate(_ bytes: [UInt8], upTo wanted: Int, requireEnd: Bool) throws -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: a gzip wrapper, not zlib's.
        var status = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw failure(status, stream, "cannot start decompressing") }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        try bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            while output.count < wanted {
                let room = min(chunk.count, wanted - output.count)
                let produced: Int = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(room)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return room - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    // Another member may follow (concatenated gzip files read as one).
                    guard stream.avail_in > 0 else { return }
                    let next = stream.next_in!
                    guard stream.avail_in >= 2, next[0] == magic[0], next[1] == magic[1] else { return }
                    status = inflateReset(&stream)
                    guard status == Z_OK else { throw failure(status, stream, "cannot decompress") }
                case Z_BUF_ERROR where stream.avail_in == 0:
                    if requireEnd { throw failure(Z_DATA_ERROR, stream, "the gzip data ends early (truncated)") }
                    return
                default:
                    throw failure(status, stream, "the gzip data is damaged")
                }
            }
        }
        return output
    }

    private static func failure(_ status: Int32, _ stream: z_stream, _ what: String) -> TriageError {
        let message = stream.msg.map { String(cString: $0) } ?? what
        return TriageError(.invalidDocument, what, cause: ZlibError(status: status, message: message))
    }
}
