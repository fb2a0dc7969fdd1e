import Dispatch
import Synchronization

/// The classification work queue: a bounded number of Dispatch serial queues fed in turn.
///
/// Blocking CPU work (classifying a batch of documents) runs here, never on Swift's cooperative
/// pool. N serial queues are used rather than one concurrent queue because on Linux a concurrent
/// queue was seen to run only 2-3 blocking items at once; serial queues fed round-robin reach the
/// full width. Each continuation is resumed exactly once, by the work item that owns it.
public final class ClassificationPool: Sendable {
    private let queues: [DispatchQueue]
    private let nextQueue = Atomic<Int>(0)

    /// How many work items can run at once.
    public var width: Int { queues.count }

    /// Makes a pool running at most `width` items at once (at least 1).
    public init(width: Int) {
        queues = (0..<max(1, width)).map { DispatchQueue(label: "triage.classify.\($0)", qos: .userInitiated) }
    }

    /// Runs `work` on the next queue in turn and resumes with its result.
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        let index = nextQueue.wrappingAdd(1, ordering: .relaxed).oldValue
        let queue = queues[(index % queues.count + queues.count) % queues.count]
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
