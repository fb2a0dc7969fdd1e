import Foundation

/// A program run to completion, with both output streams captured.
public struct ProgramResult: Sendable {
    /// The exit status.
    public var status: Int32
    /// Standard output as bytes.
    public var output: Data
    /// Standard error as text.
    public var errors: String
    /// Standard output as text.
    public var stdout: String { String(decoding: output, as: UTF8.self) }
}

/// A test failure with a message.
public struct TestFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// Makes a failure.
    public init(_ description: String) { self.description = description }
}

/// Runs `executable` with `arguments` and waits for it, reading both pipes concurrently so that
/// neither can fill up and block the child.
public func runProgram(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, in folder: URL? = nil
) throws -> ProgramResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let folder { process.currentDirectoryURL = folder }
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let errorsDone = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var errorData = Data()
    // A plain thread, not a Swift task: it blocks on the pipe until the child exits.
    Thread {
        errorData = stderr.fileHandleForReading.readDataToEndOfFile()
        errorsDone.signal()
    }.start()
    let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    errorsDone.wait()
    return ProgramResult(status: process.terminationStatus, output: outputData, errors: String(decoding: errorData, as: UTF8.self))
}

/// Runs `executable` as `runProgram` does, on a thread of its own, so the awaiting task does not
/// hold one of Swift's cooperative threads while the program runs (tests run in parallel on
/// those, and a blocked one delays every other test).
public func runProgram(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, in folder: URL? = nil
) async throws -> ProgramResult {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result { try runProgram(executable, arguments, environment: environment, in: folder) as ProgramResult })
        }.start()
    }
}

/// Runs a tool found on `PATH` and returns its standard output, throwing on a non-zero exit.
public func runTool(_ name: String, _ arguments: [String]) throws -> String {
    let result = try runProgram("/usr/bin/env", [name] + arguments)
    guard result.status == 0 else {
        throw TestFailure("\(name) \(arguments.joined(separator: " ")) exited \(result.status): \(result.errors)")
    }
    return result.stdout
}
