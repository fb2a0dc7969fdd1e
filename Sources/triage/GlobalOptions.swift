import ArgumentParser
import Foundation
import Logging
import TriageStorage

/// Options every command shares: the journal's location and logging.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The job journal (JSON lines).",
        discussion: "Default: $TRIAGE_JOURNAL, else $TRIAGE_HOME/journal.jsonl, else ~/.triage/journal.jsonl."))
    var journal: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    /// The journal path, from the option or the environment (read here, at the entry point only).
    func journalPath() -> String {
        if let journal { return journal }
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["TRIAGE_JOURNAL"], !path.isEmpty { return path }
        return LocalFiles.join(triageHome(environment), "journal.jsonl")
    }

    /// The folder under which jobs keep their working files: `jobs/` beside the journal.
    func workRoot() -> String {
        LocalFiles.join(LocalFiles.folder(of: journalPath()), "jobs")
    }

    /// The folder where watches keep their manifests and ledgers: `watches/` beside the journal.
    func watchesFolder() -> String {
        LocalFiles.join(LocalFiles.folder(of: journalPath()), "watches")
    }

    private func triageHome(_ environment: [String: String]) -> String {
        if let home = environment["TRIAGE_HOME"], !home.isEmpty { return home }
        return LocalFiles.join(NSHomeDirectory(), ".triage")
    }

    /// Sets up swift-log to write to standard error at the chosen level, and returns the root logger.
    func makeLogger() -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "triage")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
