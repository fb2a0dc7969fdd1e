import TriageCore

/// Where input is read and output is published: a local folder now, S3-compatible stores later.
public protocol ObjectStore: Sendable {
    /// Every object whose key starts with `prefix`, in byte order of their names.
    ///
    /// A prefix naming a single object takes that object. Throws `.notFound` when the prefix's
    /// folder does not exist, `.unreadable` when it cannot be listed.
    func list(prefix: String) async throws -> [ObjectInfo]

    /// Opens an object for streaming reads from byte `offset` (a resumed job starts mid-object).
    func open(_ object: ObjectInfo, from offset: Int64) async throws -> any ByteStream

    /// Reads at most `limit` bytes of an object; `truncated` is true when it holds more.
    func read(_ object: ObjectInfo, limit: Int) async throws -> (bytes: [UInt8], truncated: Bool)

    /// Checks before a job starts that `destination` can be written, creating folders as needed.
    func prepare(destination: String) async throws

    /// Moves a finished local file to `destination` (a key under this store) so that it appears
    /// there whole or not at all; returns the destination's full path or URI.
    func publish(localFile: String, to destination: String) async throws -> String
}

extension ObjectStore {
    /// Opens an object for streaming reads from its first byte.
    public func open(_ object: ObjectInfo) async throws -> any ByteStream {
        try await open(object, from: 0)
    }
}
