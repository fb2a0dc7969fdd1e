import ArgumentParser
import Foundation
import TriageCore

/// Exit codes the CLI documents.
enum ExitCodes {
    /// The job ran and ended FAILED (for `watch --once`: a job it ran did not complete).
    static let jobFailed = ExitCode(1)
    /// A `TriageError`: bad data, refused model, unknown job, unreadable or unwritable file.
    static let error = ExitCode(2)
    /// The job ended STOPPED on request.
    static let jobStopped = ExitCode(3)
    /// The job was interrupted (SIGTERM, SIGINT) and stays IN_PROGRESS, or another process is
    /// running it: nothing is lost, and a later start finishes it (sysexits' EX_TEMPFAIL).
    static let interrupted = ExitCode(75)
}

/// Runs a command body, turning a `TriageError` into a message on standard error and exit code 2
/// (75 when another process holds the job).
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as TriageError {
        FileHandle.standardError.write(Data("triage: error: \(error.description)\n".utf8))
        throw error.code == .jobBusy ? ExitCodes.interrupted : ExitCodes.error
    }
}

/// Prints an `Encodable` value as pretty JSON on standard output.
func printJSON(_ value: some Encodable) throws {
    let data: Data
    do {
        data = try JSONCoding.prettyEncoder().encode(value)
    } catch {
        throw TriageError(.invalidArgument, "cannot encode the output as JSON", cause: DescribedCause(error))
    }
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}

extension DocumentFormat: ExpressibleByArgument {}
extension ClassifierMode: ExpressibleByArgument {}
