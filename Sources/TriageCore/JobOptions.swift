/// How a job classifies its documents: fixed when it is submitted and journaled with its
/// specification, so a job resumed by another process decides exactly as it started.
public struct JobOptions: Sendable, Codable, Hashable {
    /// Which classes or labels each record lists.
    public var policy: DecisionPolicy
    /// Documents larger than this get a `DOCUMENT_SIZE_EXCEEDED` error record.
    public var maxDocumentBytes: Int

    /// The default limit on document size: 10 MiB.
    public static let defaultMaxDocumentBytes = 10 << 20

    /// Makes options; the defaults are Comprehend's (top 3, 10 MiB documents).
    public init(policy: DecisionPolicy = DecisionPolicy(), maxDocumentBytes: Int = JobOptions.defaultMaxDocumentBytes) {
        self.policy = policy
        self.maxDocumentBytes = max(1, maxDocumentBytes)
    }

    enum CodingKeys: String, CodingKey {
        case policy = "Policy"
        case maxDocumentBytes = "MaxDocumentBytes"
    }

    /// Decodes the options, taking the default for any key that is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            policy: try container.decodeIfPresent(DecisionPolicy.self, forKey: .policy) ?? DecisionPolicy(),
            maxDocumentBytes: try container.decodeIfPresent(Int.self, forKey: .maxDocumentBytes) ?? Self.defaultMaxDocumentBytes)
    }
}
