/// How the runner works: concurrency, batching, checkpoints and where jobs keep their working files.
///
/// What a job classifies and how (the decision policy, limits) is the job's own, in `JobSpec.options`.
public struct RunnerConfiguration: Sendable {
    /// Work items classified at once (the pool's width).
    public var concurrency: Int
    /// Folder under which each job gets a working folder named after its id.
    public var workRoot: String
    /// Documents per work item handed to the pool.
    public var batchDocuments: Int
    /// Bytes of document text per work item, at most (a single larger document still goes alone).
    public var batchBytes: Int
    /// Work items in flight or waiting to be written, at most: bounds memory whatever the input.
    public var window: Int
    /// How often a running job makes its progress durable (fsync of its files, then a journal
    /// checkpoint): the most work a crash can cost.
    public var checkpointInterval: Duration
    /// How often a running job looks in the journal for a stop request.
    public var stopPollInterval: Duration

    /// Makes a configuration; `window` defaults to four work items per queue.
    public init(
        concurrency: Int,
        workRoot: String,
        batchDocuments: Int = 2048,
        batchBytes: Int = 2 << 20,
        window: Int? = nil,
        checkpointInterval: Duration = .seconds(1),
        stopPollInterval: Duration = .milliseconds(250)
    ) {
        self.concurrency = max(1, concurrency)
        self.workRoot = workRoot
        self.batchDocuments = max(1, batchDocuments)
        self.batchBytes = max(1, batchBytes)
        self.window = max(1, window ?? 4 * max(1, concurrency))
        self.checkpointInterval = checkpointInterval
        self.stopPollInterval = stopPollInterval
    }
}
