import ArgumentParser
import Foundation
import TriageCore

/// Exit codes the CLI documents.
enum ExitCodes {
    /// The job ran and ended FAILED.
    static let jobFailed = ExitCode(1)
    /// A `TriageError`: bad data, refused model, unknown job, unreadable or unwritable file.
    static let error = ExitCode(2)
}

/// Runs a command body, turning a `TriageError` into a message on standard error and exit code 2.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as TriageError {
        FileHandle.standardError.write(Data("triage: error: \(error.description)\n".utf8))
        throw ExitCodes.error
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

/// Comprehend's DescribeDocumentClassificationJob response.
struct DescribeResponse: Encodable {
    let properties: JobDescription
    enum CodingKeys: String, CodingKey { case properties = "DocumentClassificationJobProperties" }
}

/// Comprehend's ListDocumentClassificationJobs response.
struct ListResponse: Encodable {
    let properties: [JobDescription]
    enum CodingKeys: String, CodingKey { case properties = "DocumentClassificationJobPropertiesList" }
}

extension DocumentFormat: ExpressibleByArgument {}
extension ClassifierMode: ExpressibleByArgument {}
