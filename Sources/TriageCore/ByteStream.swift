/// A source of bytes read in chunks: a local file, later an object streamed over HTTP.
///
/// Storage produces them; splitters consume them. A stream is used by one task at a time.
public protocol ByteStream: Sendable {
    /// The next chunk of at most `maxBytes` bytes, or nil at the end.
    func read(maxBytes: Int) async throws -> [UInt8]?
    /// Releases the underlying handle; idempotent.
    func close() async
}
