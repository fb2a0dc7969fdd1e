import TriageCore
import TriageStorage

/// Picks the object store for a URI: local paths and `file://`, and `s3://` when an S3 client is
/// configured.
public struct StoreResolver: Sendable {
    /// The process's S3 client, when the command was given S3 settings.
    public let s3: S3Client?

    /// Makes a resolver; without `s3`, `s3://` URIs are refused.
    public init(s3: S3Client? = nil) {
        self.s3 = s3
    }

    /// The store that serves `uri`, or `.invalidArgument` for a scheme Triage cannot read.
    public func store(for uri: String) throws -> any ObjectStore {
        if S3Location.isS3(uri) {
            guard let s3 else { throw TriageError(.invalidArgument, "\(uri): no S3 client was configured for s3:// URIs") }
            return S3Store(client: s3)
        }
        if let colon = uri.firstIndex(of: ":"), uri[colon...].hasPrefix("://"), !uri.hasPrefix("file://") {
            let scheme = uri[..<colon]
            throw TriageError(.invalidArgument, "\(uri): the \(scheme):// scheme is not supported; use a local path or s3://")
        }
        return LocalStore()
    }
}
