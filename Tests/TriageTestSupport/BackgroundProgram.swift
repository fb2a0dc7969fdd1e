import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A program started in the background, its output going to files, so a test can signal or kill
/// it mid-run and wait for it with a time limit.
public final class BackgroundProgram {
    private let process: Process
    private let outputPath: String
    private let errorsPath: String

    /// Starts `executable` with `arguments`; output goes to files in `folder`.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, in folder: TemporaryFolder,
        workingFolder: URL? = nil
    ) throws {
        let stem = folder.path + "/program-\(UUID().uuidString)"
        outputPath = stem + ".out"
        errorsPath = stem + ".err"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        FileManager.default.createFile(atPath: errorsPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let workingFolder { process.currentDirectoryURL = workingFolder }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorsPath))
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// Whether it is still running.
    public var isRunning: Bool { process.isRunning }

    /// Sends `signal` (SIGTERM, SIGINT, SIGKILL...).
    public func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the program to end, at most `seconds`; its exit status, or nil if it still runs.
    public func wait(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        guard !process.isRunning else { return nil }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// What it printed on standard output so far.
    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    /// What it printed on standard error so far.
    public var errors: String { (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? "" }
}

/// Waits until `condition` holds, at most `seconds`; whether it did.
public func eventually(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}
