import Foundation
import TriageTestSupport

/// The built `triage` executable, run as a user would, with its own journal.
struct TriageBinary {
    /// The package's root folder.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$TRIAGE_BINARY`, else the debug build's `triage`.
    static let path: String = {
        if let path = ProcessInfo.processInfo.environment["TRIAGE_BINARY"], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent(".build/debug/triage").path
    }()

    /// The journal every run of this binary uses.
    let journal: String

    /// A binary whose journal lives in `folder`.
    init(in folder: TemporaryFolder) {
        journal = folder.path + "/state/journal.jsonl"
    }

    /// The environment a run gets: this binary's journal; throws when the binary is not built.
    private func environment() throws -> [String: String] {
        guard FileManager.default.isExecutableFile(atPath: Self.path) else {
            throw TestFailure("no triage binary at \(Self.path): run `swift build` first (scripts/test does)")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["TRIAGE_JOURNAL"] = journal
        return environment
    }

    /// Runs `triage` with `arguments` from the package root and waits for it.
    func run(_ arguments: [String]) throws -> ProgramResult {
        try runProgram(Self.path, arguments, environment: try environment(), in: Self.packageRoot)
    }

    /// Runs `triage` as `run` does, without holding a cooperative thread while it runs.
    func run(_ arguments: [String]) async throws -> ProgramResult {
        try await runProgram(Self.path, arguments, environment: try environment(), in: Self.packageRoot)
    }

    /// Runs `triage`, requiring exit status `status`, and parses standard output as a JSON object.
    func json(_ arguments: [String], status: Int32 = 0) async throws -> [String: Any] {
        try Self.parse(try await run(arguments), arguments, status: status)
    }

    /// Runs `triage`, requiring exit status `status`, and parses standard output as a JSON object.
    func json(_ arguments: [String], status: Int32 = 0) throws -> [String: Any] {
        try Self.parse(try run(arguments), arguments, status: status)
    }

    private static func parse(_ result: ProgramResult, _ arguments: [String], status: Int32) throws -> [String: Any] {
        guard result.status == status else {
            throw TestFailure("triage \(arguments.joined(separator: " ")) exited \(result.status), expected \(status): \(result.errors)")
        }
        guard let object = try JSONSerialization.jsonObject(with: result.output) as? [String: Any] else {
            throw TestFailure("stdout is not a JSON object: \(result.stdout)")
        }
        return object
    }

    /// Starts `triage` with `arguments` in the background, from the package root, on this journal.
    func start(_ arguments: [String], in folder: TemporaryFolder) throws -> BackgroundProgram {
        var environment = ProcessInfo.processInfo.environment
        environment["TRIAGE_JOURNAL"] = journal
        return try BackgroundProgram(Self.path, arguments, environment: environment, in: folder, workingFolder: Self.packageRoot)
    }

    /// The journal's records, parsed (a torn last line left out).
    func journalRecords() throws -> [[String: Any]] {
        let text = (try? String(contentsOfFile: journal, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
    }

    /// Trains a model from a CSV under the package root, returning its path in `folder`.
    func train(_ csv: String, in folder: TemporaryFolder, extra: [String] = []) throws -> String {
        let model = folder.path + "/model-\(UUID().uuidString).triage"
        _ = try json(["train", "--data", csv, "--model", model] + extra)
        return model
    }

    /// Trains a model from a CSV or a folder of class folders under the package root, returning
    /// its path in `folder`.
    func train(_ data: String, in folder: TemporaryFolder, extra: [String] = []) async throws -> String {
        let model = folder.path + "/model-\(UUID().uuidString).triage"
        _ = try await json(["train", "--data", data, "--model", model] + extra)
        return model
    }
}

/// The raw lines of `predictions.jsonl` in an output.tar.gz, read with GNU tar (an independent reader).
func predictionLines(inArchive archive: String) throws -> [String] {
    try runTool("tar", ["xzOf", archive, "predictions.jsonl"]).split(separator: "\n").map(String.init)
}

/// The records of `predictions.jsonl` in an output.tar.gz, parsed.
func predictions(inArchive archive: String) throws -> [[String: Any]] {
    try predictionLines(inArchive: archive).map { line in
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(line)")
        }
        return object
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The `DocumentClassificationJobProperties` of a describe/run response.
    var properties: [String: Any] { self["DocumentClassificationJobProperties"] as? [String: Any] ?? [:] }
}
