import ArgumentParser
import Foundation
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
        let response = try await reportingErrors { () throws -> ListResponse in
            let query = try JobListQuery(
                filter: try filter.map { try Shorthand.decode(JobListQuery.Filter.self, from: $0, option: "--filter") },
                maxResults: maxResults, nextToken: nextToken)
            let (page, token) = try query.page(of: try Journal(path: global.journalPath()).jobs())
            return ListResponse(properties: page.map(JobDescription.init), nextToken: token)
        }
        try printJSON(response)
    }
}

/// A filtered, paged view of the journal's jobs.
struct JobListQuery {
    /// Comprehend's `DocumentClassificationJobFilter`.
    struct Filter: Decodable {
        var jobName: String?
        var jobStatus: JobStatus?
        var submitTimeBefore: String?
        var submitTimeAfter: String?
        enum CodingKeys: String, CodingKey {
            case jobName = "JobName", jobStatus = "JobStatus", submitTimeBefore = "SubmitTimeBefore"
            case submitTimeAfter = "SubmitTimeAfter"
        }
    }

    var filter: Filter?
    var before: Date?
    var after: Date?
    var maxResults: Int?
    var nextToken: String?

    init(filter: Filter?, maxResults: Int?, nextToken: String?) throws {
        self.filter = filter
        self.maxResults = maxResults
        self.nextToken = nextToken
        before = try filter?.submitTimeBefore.map { try Self.date($0, option: "SubmitTimeBefore") }
        after = try filter?.submitTimeAfter.map { try Self.date($0, option: "SubmitTimeAfter") }
    }

    /// ISO 8601 (with or without fractions) or seconds since 1970.
    static func date(_ text: String, option: String) throws -> Date {
        if let date = JSONCoding.parseDate(text) { return date }
        if let seconds = Double(text) { return Date(timeIntervalSince1970: seconds) }
        throw TriageError(.invalidArgument, "\(option) must be an ISO 8601 time or seconds since 1970, not \(text)")
    }

    func matches(_ state: JobState) -> Bool {
        if let name = filter?.jobName, state.spec.jobName != name { return false }
        if let status = filter?.jobStatus, state.status != status { return false }
        if let before, !(state.submitTime < before) { return false }
        if let after, !(state.submitTime > after) { return false }
        return true
    }

    /// The page of `jobs` after `nextToken`, and the token of the next page if more follow.
    func page(of jobs: [JobState]) throws -> (page: [JobState], nextToken: String?) {
        var start = 0
        if let nextToken {
            // The token names the last job of the previous page, so jobs submitted since do not shift pages.
            guard let data = Data(base64Encoded: nextToken), let last = String(data: data, encoding: .utf8),
                let index = jobs.firstIndex(where: { $0.spec.jobId == last })
            else {
                throw TriageError(.invalidArgument, "--next-token \(nextToken) is not a token list-jobs printed for this journal")
            }
            start = index + 1
        }
        let matching = jobs[start...].filter(matches)
        let limit = maxResults ?? Int.max
        guard matching.count > limit else { return (Array(matching), nil) }
        let page = Array(matching.prefix(limit))
        return (page, Data(page[page.count - 1].spec.jobId.utf8).base64EncodedString())
    }
}
