import Foundation
import Testing
import TriageCore
import TriageTestSupport
@testable import TriagePipeline

@Suite struct JournalTests {
    let spec = JobSpec(
        jobId: "11111111111111111111111111111111", jobName: "j", inputURI: "/in", inputFormat: .oneDocPerLine,
        outputURI: "/out", modelPath: "/m")

    func events(for spec: JobSpec) throws -> [JobEvent] {
        var (state, submitted) = JobState.submit(spec, at: Date(timeIntervalSince1970: 100))
        let started = try state.transition(.start(), at: Date(timeIntervalSince1970: 101))
        let completed = try state.transition(.complete(outputArchive: "/out/o.tar.gz", succeeded: 4, failed: 0), at: Date(timeIntervalSince1970: 102))
        return [submitted, started, completed]
    }

    /// Appends raw bytes to the journal, as a crash mid-write or a stray writer would leave them.
    func appendRaw(_ text: String, to journal: Journal) throws {
        let handle = try #require(FileHandle(forWritingAtPath: journal.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func appendsOneLinePerEventAndReplaysTheJob() throws {
        let folder = try TemporaryFolder()
        let journal = Journal(path: folder.path + "/state/journal.jsonl")
        for event in try events(for: spec) { try journal.append(event) }
        let text = try String(contentsOfFile: journal.path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 3)
        #expect(text.hasSuffix("\n"))
        let job = try journal.job(spec.jobId)
        #expect(job.status == .completed)
        #expect(job.documentsSucceeded == 4)
        #expect(try journal.events().map(\.status) == [.submitted, .inProgress, .completed])
    }

    @Test func aMissingJournalHasNoJobsAndAnUnknownJobIsNotFound() throws {
        let folder = try TemporaryFolder()
        let journal = Journal(path: folder.path + "/none.jsonl")
        #expect(try journal.jobs().isEmpty)
        let error = #expect(throws: TriageError.self) { try journal.job("nope") }
        #expect(error?.code == .jobNotFound)
    }

    @Test func readingSkipsATornLastLine() throws {
        let folder = try TemporaryFolder()
        let journal = Journal(path: folder.path + "/journal.jsonl")
        let all = try events(for: spec)
        try journal.append(all[0])
        try journal.append(all[1])
        try appendRaw(#"{"JobId":"1111","JobSt"#, to: journal)
        #expect(try journal.job(spec.jobId).status == .inProgress)
    }

    @Test func appendingAfterATornLineCutsItOff() throws {
        let folder = try TemporaryFolder()
        let journal = Journal(path: folder.path + "/journal.jsonl")
        let all = try events(for: spec)
        try journal.append(all[0])
        try journal.append(all[1])
        try appendRaw(#"{"JobId":"torn"#, to: journal)
        try journal.append(all[2])
        let lines = try String(contentsOfFile: journal.path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(!lines.contains { $0.contains("torn") })
        #expect(try journal.job(spec.jobId).status == .completed)
    }

    @Test func aCorruptMiddleLineIsAnErrorNamingTheLine() throws {
        let folder = try TemporaryFolder()
        let journal = Journal(path: folder.path + "/journal.jsonl")
        try journal.append(try events(for: spec)[0])
        try appendRaw("garbage\n", to: journal)
        let error = #expect(throws: TriageError.self) { try journal.events() }
        #expect(error?.message.contains("line 2") == true)
    }

    @Test func anIllegalTransitionInTheJournalIsReported() throws {
        let folder = try TemporaryFolder()
        let journal = Journal(path: folder.path + "/journal.jsonl")
        let all = try events(for: spec)
        try journal.append(all[0])
        try journal.append(all[2])  // COMPLETED straight after SUBMITTED
        #expect(throws: TriageError.self) { try journal.jobs() }
    }

    @Test func concurrentAppendersNeverInterleaveLines() async throws {
        let folder = try TemporaryFolder()
        let journal = Journal(path: folder.path + "/journal.jsonl")
        let specs = (0..<40).map { index in
            JobSpec(jobId: String(format: "%032d", index), jobName: "j\(index)", inputURI: "/in", inputFormat: .oneDocPerFile, outputURI: "/o", modelPath: "/m")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for spec in specs {
                group.addTask { try journal.append(JobState.submit(spec, at: Date()).1) }
            }
            try await group.waitForAll()
        }
        #expect(try journal.jobs().count == 40)
    }

    @Test func aTransactionSeesEveryEarlierEventAndAppendsAtomically() async throws {
        let folder = try TemporaryFolder()
        let journal = Journal(path: folder.path + "/journal.jsonl")
        // Eight writers each submit a job only if fewer than four exist: exactly four get in.
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    _ = try? journal.transact { jobs -> (events: [JobEvent], result: Void) in
                        guard jobs.count < 4 else { return ([], ()) }
                        var spec = self.spec
                        spec.jobId = String(repeating: "\(index)", count: 32)
                        return ([JobState.submit(spec, at: Date()).1], ())
                    }
                }
            }
        }
        #expect(try journal.jobs().count == 4)
    }

    @Test func aTailReadsOnlyCompleteLinesAppendedSinceItsOffset() throws {
        let folder = try TemporaryFolder()
        let journal = Journal(path: folder.path + "/journal.jsonl")
        let events = try events(for: spec)
        try journal.append(events[0])
        let size = try journal.transact { _ in ([], ()) }.size
        var tail = Journal.Tail(journal, from: size)
        #expect(try tail.read().isEmpty)
        try journal.append(events[1])
        try appendRaw(#"{"JobId":"\#(spec.jobId)","JobSta"#, to: journal)
        #expect(try tail.read().map(\.status) == [.inProgress])
        #expect(try tail.read().isEmpty)
        // The next append cuts the torn line off; the tail reads what follows.
        try journal.append(events[2])
        #expect(try tail.read().map(\.status) == [.completed])
    }
}
