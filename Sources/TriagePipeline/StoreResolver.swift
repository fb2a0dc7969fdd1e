import TriageCore
import TriageStorage

/// Picks the object store for a URI: local paths and `file://` now.
public struct StoreResolver: Sendable {
    /// Makes a resolver.
    public init() {}

    /// The store that serves `uri`, or `.invalidArgument` for a scheme Triage cannot read.
    public func store(for uri: String) throws -> any ObjectStore {
        if let colon = uri.firstIndex(of: ":"), uri[colon...].hasPrefix("://"), !uri.hasPrefix("file://") {
            let scheme = uri[..<colon]
            throw TriageError(.invalidArgument, "\(uri): the \(scheme):// scheme is not supported; use a local path")
        }
        return LocalStore()
    }
}
