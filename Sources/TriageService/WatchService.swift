import Logging
import ServiceLifecycle
import Synchronization
import TriagePipeline

/// The daemon: a `Watcher` pass every `interval` until SIGTERM / SIGINT (or one pass with `once`),
/// run under swift-service-lifecycle.
///
/// On graceful shutdown the running job stops taking documents, checkpoints and stays
/// IN_PROGRESS (the next start finishes it), and the wait between passes ends at once.
public struct WatchService: Service {
    /// What each pass does.
    public let watcher: Watcher
    /// Time between the end of a pass and the start of the next.
    public let interval: Duration
    /// One pass, then return (cron mode).
    public let once: Bool
    /// Every pass's report, for the caller to read when the service returns.
    public let reports: Reports
    private let logger: Logger

    /// The reports of the passes run so far; safe from any task.
    public final class Reports: Sendable {
        private let storage = Mutex<[Watcher.Report]>([])
        /// An empty list.
        public init() {}
        /// Every report, oldest first.
        public var all: [Watcher.Report] { storage.withLock { $0 } }
        func append(_ report: Watcher.Report) { storage.withLock { $0.append(report) } }
    }

    /// Makes the service.
    public init(watcher: Watcher, interval: Duration, once: Bool, reports: Reports = Reports(), logger: Logger) {
        self.watcher = watcher
        self.interval = interval
        self.once = once
        self.reports = reports
        self.logger = logger
    }

    /// Runs passes until shutdown (or once).
    public func run() async throws {
        let interruption = JobInterruption()
        try await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully {
                let report = try await watcher.pass(interruption: interruption)
                reports.append(report)
                logger.info("pass done", metadata: [
                    "completed": "\(report.completed.count)", "failed": "\(report.failed.count)",
                    "stopped": "\(report.stopped.count)", "busy": "\(report.busy.count)",
                    "interrupted": "\(report.interrupted)",
                ])
                if once || report.interrupted { break }
                // Ends early (nil) on graceful shutdown.
                _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            }
        } onGracefulShutdown: {
            interruption.interrupt()
        }
    }
}
