import TriageModel

/// How the runner classifies: concurrency, limits and where jobs keep their working files.
public struct RunnerConfiguration: Sendable {
    /// Work items classified at once (the pool's width).
    public var concurrency: Int
    /// Documents larger than this get a `DOCUMENT_SIZE_EXCEEDED` error record.
    public var maxDocumentBytes: Int
    /// Which classes or labels each record lists (top-k, minimum score, fallback, thresholds).
    public var policy: DecisionPolicy
    /// Folder under which each job gets a working folder named after its id.
    public var workRoot: String
    /// Documents per work item handed to the pool.
    public var batchDocuments: Int
    /// Bytes of document text per work item, at most (a single larger document still goes alone).
    public var batchBytes: Int
    /// Work items in flight or waiting to be written, at most: bounds memory whatever the input.
    public var window: Int

    /// The default limit on document size: 10 MiB.
    public static let defaultMaxDocumentBytes = 10 << 20

    /// Makes a configuration; `window` defaults to four work items per queue.
    public init(
        concurrency: Int,
        workRoot: String,
        maxDocumentBytes: Int = RunnerConfiguration.defaultMaxDocumentBytes,
        policy: DecisionPolicy = DecisionPolicy(),
        batchDocuments: Int = 2048,
        batchBytes: Int = 2 << 20,
        window: Int? = nil
    ) {
        self.concurrency = max(1, concurrency)
        self.workRoot = workRoot
        self.maxDocumentBytes = max(1, maxDocumentBytes)
        self.policy = policy
        self.batchDocuments = max(1, batchDocuments)
        self.batchBytes = max(1, batchBytes)
        self.window = max(1, window ?? 4 * max(1, concurrency))
    }
}
