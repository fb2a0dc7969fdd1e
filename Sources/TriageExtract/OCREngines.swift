import Synchronization
import TriageCore

/// The OCR engines of one job: created when a page first needs one, then reused, one per task
/// recognising at a time (so no more than the pool's width exist).
///
/// `@unchecked Sendable`: the free list is guarded by a mutex, and an engine is used by the one
/// task that took it until it gives it back.
public final class OCREngines: @unchecked Sendable {
    private let free = Mutex<[OCREngine]>([])

    /// An empty set; engines are created on demand.
    public init() {}

    /// Runs `body` with an engine of its own: a free one, or a new one when all are busy.
    func withEngine<T>(_ body: (OCREngine) throws -> T) throws -> T {
        let engine = try free.withLock { $0.popLast() } ?? OCREngine()
        defer { free.withLock { $0.append(engine) } }
        return try body(engine)
    }

    /// How many engines exist (all free between pages).
    public var count: Int { free.withLock { $0.count } }
}
