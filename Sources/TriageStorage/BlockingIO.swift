import Dispatch

/// Runs blocking file-system calls on a dedicated queue, never on Swift's cooperative pool.
enum BlockingIO {
    private static let queue = DispatchQueue(label: "triage.storage.io", qos: .userInitiated)

    /// Runs `body` on the I/O queue and resumes with its result.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
