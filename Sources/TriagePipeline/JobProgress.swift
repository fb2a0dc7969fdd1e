import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How far a running job has got, as the runner reports it after each batch of records.
public struct JobProgress: Sendable, Hashable {
    /// The job.
    public var jobId: String
    /// Records written, in all (earlier runs of a resumed job included).
    public var documents: Int
    /// Records written by this process.
    public var documentsThisRun: Int
    /// Input bytes read, in all, of `totalBytes`.
    public var bytesRead: Int64
    /// Input bytes read by this process.
    public var bytesThisRun: Int64
    /// The input's size.
    public var totalBytes: Int64
    /// Seconds since this process started the job.
    public var seconds: Double

    /// Makes a progress report.
    public init(jobId: String, documents: Int, documentsThisRun: Int, bytesRead: Int64, bytesThisRun: Int64, totalBytes: Int64, seconds: Double) {
        self.jobId = jobId
        self.documents = documents
        self.documentsThisRun = documentsThisRun
        self.bytesRead = bytesRead
        self.bytesThisRun = bytesThisRun
        self.totalBytes = totalBytes
        self.seconds = seconds
    }

    /// Documents per second in this process.
    public var documentsPerSecond: Double { seconds > 0 ? Double(documentsThisRun) / seconds : 0 }

    /// Seconds left at this process's pace through the input's bytes, when it can be told.
    public var secondsLeft: Double? {
        guard seconds > 0.5, bytesThisRun > 0, totalBytes > bytesRead else { return totalBytes <= bytesRead ? 0 : nil }
        return Double(totalBytes - bytesRead) * seconds / Double(bytesThisRun)
    }

    /// The share of the input read, from 0 to 1.
    public var fraction: Double { totalBytes > 0 ? min(1, Double(bytesRead) / Double(totalBytes)) : 1 }
}

/// Something told how a running job progresses: after each batch of records, and once at the end.
public protocol ProgressObserver: Sendable {
    /// The job wrote more records.
    func update(_ progress: JobProgress)
    /// The job stopped writing records.
    func finish()
}

/// Shows a job's progress: a line redrawn in place when standard error is a terminal, otherwise a
/// log line every `logInterval`, so a long job is never silent.
public final class ProgressDisplay: ProgressObserver {
    private let toTerminal: Bool
    private let logger: Logger
    private let logInterval: Double
    private let last = Mutex<(shownAt: Double, drawn: Bool)>((-Double.infinity, false))

    /// A display on standard error (a terminal line if it is one, else log lines every `logInterval` seconds).
    public init(logger: Logger, logInterval: Double = 10, terminal: Bool? = nil) {
        self.toTerminal = terminal ?? (isatty(STDERR_FILENO) == 1)
        self.logger = logger
        self.logInterval = logInterval
    }

    /// Shows `progress` if enough time passed since the last time.
    public func update(_ progress: JobProgress) {
        let interval = toTerminal ? 0.2 : logInterval
        let due = last.withLock { state -> Bool in
            guard progress.seconds - state.shownAt >= interval || progress.seconds < state.shownAt else { return false }
            state = (progress.seconds, true)
            return true
        }
        guard due else { return }
        if toTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + Self.line(progress)).utf8))
        } else {
            logger.info("progress", metadata: [
                "job.id": "\(progress.jobId)", "documents": "\(progress.documents)",
                "documents_per_second": "\(Int(progress.documentsPerSecond))",
                "percent": "\(Int(progress.fraction * 100))",
                "seconds_left": "\(progress.secondsLeft.map { String(Int($0.rounded())) } ?? "unknown")",
            ])
        }
    }

    /// Ends the terminal line, if one was drawn.
    public func finish() {
        let drawn = last.withLock { state -> Bool in
            defer { state = (-Double.infinity, false) }
            return state.drawn
        }
        if toTerminal, drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// `12,345 documents · 45,678 documents/s · 37% · 0:12 left`.
    static func line(_ progress: JobProgress) -> String {
        let left = progress.secondsLeft.map { clock(Int($0.rounded())) + " left" } ?? "time left unknown"
        return "\(grouped(progress.documents)) documents · \(grouped(Int(progress.documentsPerSecond))) documents/s · "
            + "\(Int(progress.fraction * 100))% · \(left)"
    }

    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    static func clock(_ seconds: Int) -> String {
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }
}
