import Dispatch
import Synchronization

/// The classification work queue: a bounded number of Dispatch serial queues.
///
/// Blocking CPU work (classifying a batch of documents, reading a PDF, OCR of a page, decompressing
/// an archive member) runs here, never on Swift's cooperative pool. N serial queues are used rather
/// than one concurrent queue because on Linux a concurrent queue was seen to run only 2-3 blocking
/// items at once; serial queues reach the full width. Each item goes to the queue with the fewest
/// items waiting or running, so one long item (OCR of a page takes seconds) does not hold back
/// short ones queued behind it while another queue is idle. Each continuation is resumed exactly
/// once, by the work item that owns it.
public final class ClassificationPool: Sendable {
    private let queues: [DispatchQueue]
    /// Items waiting or running on each queue.
    private let load: Mutex<[Int]>

    /// How many work items can run at once.
    public var width: Int { queues.count }

    /// Makes a pool running at most `width` items at once (at least 1).
    public init(width: Int) {
        queues = (0..<max(1, width)).map { DispatchQueue(label: "triage.classify.\($0)", qos: .userInitiated) }
        load = Mutex([Int](repeating: 0, count: max(1, width)))
    }

    /// Runs `work` on the least loaded queue and resumes with its result.
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        let index = load.withLock { load in
            var best = 0
            for candidate in load.indices where load[candidate] < load[best] { best = candidate }
            load[best] += 1
            return best
        }
        return await withCheckedContinuation { continuation in
            queues[index].async {
                let result = work()
                self.load.withLock { $0[index] -= 1 }
                continuation.resume(returning: result)
            }
        }
    }
}
