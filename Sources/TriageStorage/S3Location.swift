import TriageCore

/// An `s3://bucket/key` URI, split. The key may be empty (the whole bucket) or a prefix.
public struct S3Location: Sendable, Hashable, CustomStringConvertible {
    public var bucket: String
    public var key: String

    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// Parses `s3://bucket/key`; throws `.invalidArgument` for anything else or an empty bucket.
    public init(_ uri: String) throws {
        guard uri.hasPrefix("s3://") else {
            throw TriageError(.invalidArgument, "\(uri) is not an s3:// URI")
        }
        let rest = uri.dropFirst("s3://".count)
        let bucket = rest.prefix { $0 != "/" }
        guard !bucket.isEmpty else {
            throw TriageError(.invalidArgument, "\(uri) names no bucket (expected s3://bucket/prefix)")
        }
        self.bucket = String(bucket)
        key = String(rest.dropFirst(bucket.count + 1))
    }

    /// Whether `uri` is an `s3://` URI.
    public static func isS3(_ uri: String) -> Bool { uri.hasPrefix("s3://") }

    /// `s3://bucket/key`.
    public var description: String { "s3://\(bucket)/\(key)" }
}
