import ArgumentParser
import TriageCore
import TriagePipeline

/// `triage describe-job`: prints one job's description from the journal.
struct DescribeJobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe-job", abstract: "Print a job's description (Comprehend's DescribeDocumentClassificationJob).")

    @Argument(help: "The job's id.")
    var jobId: String

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let state = try await reportingErrors { try Journal(path: global.journalPath()).job(jobId) }
        try printJSON(DescribeResponse(properties: JobDescription(state)))
    }
}

/// `triage list-jobs`: prints every job in the journal, oldest first.
struct ListJobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-jobs", abstract: "List the jobs in the journal (Comprehend's ListDocumentClassificationJobs).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let states = try await reportingErrors { try Journal(path: global.journalPath()).jobs() }
        try printJSON(ListResponse(properties: states.map(JobDescription.init)))
    }
}
