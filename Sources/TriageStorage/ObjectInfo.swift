import struct Foundation.Date

/// One input object found under a prefix.
public struct ObjectInfo: Sendable, Hashable, Codable {
    /// The store's full key for the object (an absolute path for local files).
    public var key: String
    /// The object's name relative to the input prefix's folder: Comprehend's `File`.
    public var name: String
    /// Size in bytes.
    public var size: Int64
    /// Last modification time, when the store reports it.
    public var modified: Date?
    /// A tag that changes when the object's contents change: S3's ETag, or for a local file its
    /// modification time and size.
    public var etag: String?

    /// Makes an object description.
    public init(key: String, name: String, size: Int64, modified: Date?, etag: String? = nil) {
        self.key = key
        self.name = name
        self.size = size
        self.modified = modified
        self.etag = etag
    }

    enum CodingKeys: String, CodingKey {
        case key = "Key", name = "Name", size = "Size", modified = "Modified", etag = "ETag"
    }
}
