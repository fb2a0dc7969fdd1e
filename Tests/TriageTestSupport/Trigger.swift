import Synchronization
import TriagePipeline

/// A progress observer that calls `action` once, the first time a job has written at least
/// `documents` records: how tests interrupt or stop a job at a chosen point.
public final class Trigger: ProgressObserver {
    let documents: Int
    let action: @Sendable () -> Void
    let fired = Mutex(false)

    /// Calls `action` after `documents` records.
    public init(after documents: Int, _ action: @escaping @Sendable () -> Void) {
        self.documents = documents
        self.action = action
    }

    public func update(_ progress: JobProgress) {
        guard progress.documents >= documents else { return }
        let first = fired.withLock { fired in
            defer { fired = true }
            return !fired
        }
        if first { action() }
    }

    public func finish() {}
}
