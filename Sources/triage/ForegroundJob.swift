import Dispatch
import Foundation
import TriageCore
import TriagePipeline

#if canImport(Glibc)
import Glibc
#endif

/// Runs a job in this process until it ends, the way `run` and `start-job --wait` do.
///
/// SIGTERM or SIGINT interrupts it: the job stops taking documents, writes and checkpoints what
/// it classified, and stays IN_PROGRESS for the next start to finish; a second signal, or 60
/// seconds without the job returning, ends the process at once (its last checkpoint stands).
enum ForegroundJob {
    static func run(_ jobId: String, with runner: JobRunner) async throws -> JobState {
        let interruption = JobInterruption()
        let watch = SignalWatch { count in
            if count == 1 {
                FileHandle.standardError.write(Data("triage: stopping: writing what was classified, then exiting; the next start resumes the job\n".utf8))
                interruption.interrupt()
                DispatchQueue.global().asyncAfter(deadline: .now() + 60) { exit(ExitCodes.interrupted.rawValue) }
            } else {
                exit(ExitCodes.interrupted.rawValue)
            }
        }
        defer { watch.cancel() }
        return try await runner.run(jobId: jobId, interruption: interruption)
    }

    /// The exit code for a job that was run to its end (or interrupted).
    static func exitCode(for state: JobState) -> Int32 {
        switch state.status {
        case .completed: return 0
        case .failed: return ExitCodes.jobFailed.rawValue
        case .stopped: return ExitCodes.jobStopped.rawValue
        case .submitted, .inProgress, .stopRequested: return ExitCodes.interrupted.rawValue
        }
    }
}

/// Calls `handler` (with how many signals came so far) on each SIGTERM or SIGINT until cancelled.
final class SignalWatch {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable (Int) -> Void) {
        let queue = DispatchQueue(label: "triage.signals")
        let counter = Counter()
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(counter.next()) }
            source.resume()
            return source
        }
    }

    /// Stops watching and restores the default actions.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
    }

    /// Counts signals; only touched on the watch's serial queue.
    private final class Counter: @unchecked Sendable {
        // @unchecked Sendable: `count` is read and written only on the watch's serial queue.
        private var count = 0
        func next() -> Int {
            count += 1
            return count
        }
    }
}
