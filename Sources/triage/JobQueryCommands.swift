import ArgumentParser
import Foundation
import TriageCore
import TriagePipeline
import TriageService

/// `triage describe-job`: prints one job's description from the journal.
struct DescribeJobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe-job", abstract: "Print a job's description (Comprehend's DescribeDocumentClassificationJob).")

    @Argument(help: "The job's id.")
    var jobId: String

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let state = try await reportingErrors { try Journal(path: global.journalPath()).job(jobId) }
        try printJSON(DescribeJobResponse(properties: JobDescription(state)))
    }
}

/// `triage list-jobs`: prints the jobs in the journal, oldest first, filtered and paged.
struct ListJobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-jobs",
        abstract: "List the jobs in the journal (Comprehend's ListDocumentClassificationJobs), oldest first.",
        discussion: """
            --filter takes Comprehend's DocumentClassificationJobFilter in the AWS CLI's shorthand or JSON: \
            JobName=NAME,JobStatus=STATUS,SubmitTimeBefore=TIME,SubmitTimeAfter=TIME (times in ISO 8601 or seconds \
            since 1970). With --max-results, a NextToken is printed when more jobs follow; pass it to --next-token.
            """)

    @Option(help: ArgumentHelp("JobName=…,JobStatus=…,SubmitTimeBefore=…,SubmitTimeAfter=… (or JSON).", valueName: "filter"))
    var filter: String?

    @Option(help: "The most jobs to print (1 to 500).")
    var maxResults: Int?

    @Option(help: "The NextToken a previous list-jobs printed.")
    var nextToken: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let maxResults, !(1...500).contains(maxResults) { throw ValidationError("--max-results must be between 1 and 500") }
    }

    func run() async throws {
        let response = try await reportingErrors { () throws -> ListJobsResponse in
            let query = JobListQuery(
                filter: try filter.map { try Shorthand.decode(JobListQuery.Filter.self, from: $0, option: "--filter") },
                maxResults: maxResults, nextToken: nextToken)
            let (page, token) = try query.page(of: try Journal(path: global.journalPath()).jobs())
            return ListJobsResponse(properties: page.map(JobDescription.init), nextToken: token)
        }
        try printJSON(response)
    }
}
