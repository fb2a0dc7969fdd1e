import Foundation
import TriageCore

/// A filtered, paged view of the journal's jobs: what `list-jobs` and the endpoint's
/// ListDocumentClassificationJobs return.
public struct JobListQuery: Sendable {
    /// Comprehend's `DocumentClassificationJobFilter`. Times are ISO 8601 text or seconds since
    /// 1970 (a number, as AWS SDKs send them, or text).
    public struct Filter: Decodable, Sendable {
        /// Only jobs with this name.
        public var jobName: String?
        /// Only jobs in this status.
        public var jobStatus: JobStatus?
        /// Only jobs submitted before this time.
        public var submitTimeBefore: Date?
        /// Only jobs submitted after this time.
        public var submitTimeAfter: Date?

        /// Makes a filter.
        public init(jobName: String? = nil, jobStatus: JobStatus? = nil, submitTimeBefore: Date? = nil, submitTimeAfter: Date? = nil) {
            self.jobName = jobName
            self.jobStatus = jobStatus
            self.submitTimeBefore = submitTimeBefore
            self.submitTimeAfter = submitTimeAfter
        }

        enum CodingKeys: String, CodingKey {
            case jobName = "JobName", jobStatus = "JobStatus", submitTimeBefore = "SubmitTimeBefore"
            case submitTimeAfter = "SubmitTimeAfter"
        }

        /// Decodes the filter, reading each time as a number or as text.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            jobName = try container.decodeIfPresent(String.self, forKey: .jobName)
            jobStatus = try container.decodeIfPresent(JobStatus.self, forKey: .jobStatus)
            submitTimeBefore = try Self.time(container, .submitTimeBefore)
            submitTimeAfter = try Self.time(container, .submitTimeAfter)
        }

        private static func time(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date? {
            guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
            if let seconds = try? container.decode(Double.self, forKey: key) { return Date(timeIntervalSince1970: seconds) }
            let text = try container.decode(String.self, forKey: key)
            if let date = JSONCoding.parseDate(text) { return date }
            if let seconds = Double(text) { return Date(timeIntervalSince1970: seconds) }
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "\(key.rawValue) must be an ISO 8601 time or seconds since 1970, not \(text)")
        }
    }

    /// Which jobs are listed.
    public var filter: Filter?
    /// The most jobs on one page; nil for all.
    public var maxResults: Int?
    /// The token a previous page returned.
    public var nextToken: String?

    /// Makes a query.
    public init(filter: Filter?, maxResults: Int?, nextToken: String?) {
        self.filter = filter
        self.maxResults = maxResults
        self.nextToken = nextToken
    }

    /// Whether `state` passes the filter.
    public func matches(_ state: JobState) -> Bool {
        if let name = filter?.jobName, state.spec.jobName != name { return false }
        if let status = filter?.jobStatus, state.status != status { return false }
        if let before = filter?.submitTimeBefore, !(state.submitTime < before) { return false }
        if let after = filter?.submitTimeAfter, !(state.submitTime > after) { return false }
        return true
    }

    /// The page of `jobs` after `nextToken`, and the token of the next page if more follow.
    public func page(of jobs: [JobState]) throws -> (page: [JobState], nextToken: String?) {
        var start = 0
        if let nextToken {
            // The token names the last job of the previous page, so jobs submitted since do not shift pages.
            guard let data = Data(base64Encoded: nextToken), let last = String(data: data, encoding: .utf8),
                let index = jobs.firstIndex(where: { $0.spec.jobId == last })
            else {
                throw TriageError(.invalidArgument, "the next token \(nextToken) is not a token a job listing returned for this journal")
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
