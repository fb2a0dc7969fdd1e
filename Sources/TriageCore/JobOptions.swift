/// How a job reads and classifies its documents: fixed when it is submitted and journaled with its
/// specification, so a job resumed by another process reads and decides exactly as it started.
public struct JobOptions: Sendable, Codable, Hashable {
    /// Which classes or labels each record lists.
    public var policy: DecisionPolicy
    /// Text documents larger than this get a `DOCUMENT_SIZE_EXCEEDED` error record.
    public var maxDocumentBytes: Int
    /// How text is read from PDFs and images (Comprehend's `DocumentReaderConfig`); nil for the
    /// default (SERVICE_DEFAULT).
    public var documentReaderConfig: DocumentReaderConfig?
    /// True to classify each page and write one record per run of pages of the same class
    /// (`--split-pages`); false for one record per page, as Comprehend writes.
    public var splitPages: Bool
    /// The limits on files, pages and archives.
    public var limits: ExtractionLimits

    /// The default limit on document size: 10 MiB.
    public static let defaultMaxDocumentBytes = 10 << 20

    /// Makes options; the defaults are Comprehend's (top 3, 10 MiB documents, SERVICE_DEFAULT).
    public init(
        policy: DecisionPolicy = DecisionPolicy(), maxDocumentBytes: Int = JobOptions.defaultMaxDocumentBytes,
        documentReaderConfig: DocumentReaderConfig? = nil, splitPages: Bool = false, limits: ExtractionLimits = ExtractionLimits()
    ) {
        self.policy = policy
        self.maxDocumentBytes = max(1, maxDocumentBytes)
        self.documentReaderConfig = documentReaderConfig
        self.splitPages = splitPages
        self.limits = limits
    }

    /// The read mode: the configuration's, else SERVICE_DEFAULT.
    public var documentReadMode: DocumentReaderConfig.ReadMode {
        documentReaderConfig?.documentReadMode ?? .serviceDefault
    }

    enum CodingKeys: String, CodingKey {
        case policy = "Policy"
        case maxDocumentBytes = "MaxDocumentBytes"
        case documentReaderConfig = "DocumentReaderConfig"
        case splitPages = "SplitPages"
        case limits = "Limits"
    }

    /// Decodes the options, taking the default for any key that is missing (jobs journaled before
    /// native documents have none of the reading keys).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            policy: try container.decodeIfPresent(DecisionPolicy.self, forKey: .policy) ?? DecisionPolicy(),
            maxDocumentBytes: try container.decodeIfPresent(Int.self, forKey: .maxDocumentBytes) ?? Self.defaultMaxDocumentBytes,
            documentReaderConfig: try container.decodeIfPresent(DocumentReaderConfig.self, forKey: .documentReaderConfig),
            splitPages: try container.decodeIfPresent(Bool.self, forKey: .splitPages) ?? false,
            limits: try container.decodeIfPresent(ExtractionLimits.self, forKey: .limits) ?? ExtractionLimits())
    }

    /// Encodes the options; the reader configuration only when there is one.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(policy, forKey: .policy)
        try container.encode(maxDocumentBytes, forKey: .maxDocumentBytes)
        try container.encodeIfPresent(documentReaderConfig, forKey: .documentReaderConfig)
        try container.encode(splitPages, forKey: .splitPages)
        try container.encode(limits, forKey: .limits)
    }
}
