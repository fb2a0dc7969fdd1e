import Synchronization

/// Tells running jobs to stop taking documents because the process is shutting down (SIGTERM,
/// SIGINT): a job interrupted this way writes what it has classified, checkpoints, and stays
/// IN_PROGRESS, so the next start finishes it. Not a user's stop request, which ends a job STOPPED.
public final class JobInterruption: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A flag not yet raised.
    public init() {}

    /// Raises the flag; idempotent, safe from any thread (a signal handler's queue included).
    public func interrupt() {
        flag.store(true, ordering: .releasing)
    }

    /// Whether the flag was raised.
    public var isInterrupted: Bool {
        flag.load(ordering: .acquiring)
    }
}
