import Foundation
import Testing
@testable import TriageCore

@Suite struct JobStateTests {
    let spec = JobSpec(
        jobId: "0123456789abcdef0123456789abcdef", jobName: "t", inputURI: "/in", inputFormat: .oneDocPerFile,
        outputURI: "/out", modelPath: "/m.triage")
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func submitReturnsSubmittedEventCarryingTheSpec() {
        let (state, event) = JobState.submit(spec, at: now)
        #expect(state.status == .submitted)
        #expect(event.status == .submitted)
        #expect(event.spec == spec)
        #expect(event.time == now)
    }

    @Test func happyPathGoesSubmittedInProgressCompleted() throws {
        var (state, _) = JobState.submit(spec, at: now)
        let started = try state.transition(.start(), at: now)
        #expect(started.status == .inProgress)
        #expect(state.endTime == nil)
        let done = try state.transition(.complete(outputArchive: "/out/a.tar.gz", succeeded: 5, failed: 1), at: now + 10)
        #expect(done.status == .completed)
        #expect(state.status == .completed)
        #expect(state.outputArchive == "/out/a.tar.gz")
        #expect(state.documentsSucceeded == 5)
        #expect(state.documentsFailed == 1)
        #expect(state.endTime == now + 10)
    }

    @Test func everyLegalTransitionIsAcceptedAndEveryOtherRefused() {
        let legal: Set<[JobStatus]> = [
            [.submitted, .inProgress], [.submitted, .failed], [.submitted, .stopRequested],
            [.inProgress, .completed], [.inProgress, .failed], [.inProgress, .stopRequested],
            [.stopRequested, .stopped], [.stopRequested, .completed], [.stopRequested, .failed],
        ]
        for from in JobStatus.allCases {
            for to in JobStatus.allCases {
                #expect(JobState.isLegal(from: from, to: to) == legal.contains([from, to]), "\(from) -> \(to)")
            }
        }
    }

    @Test func terminalJobsRefuseEveryChange() throws {
        var (state, _) = JobState.submit(spec, at: now)
        _ = try state.transition(.start(), at: now)
        _ = try state.transition(.fail(message: "boom"), at: now)
        #expect(state.message == "boom")
        for change in [JobState.Change.start(), .requestStop, .complete(outputArchive: "x", succeeded: 0, failed: 0)] {
            var copy = state
            #expect(throws: TriageError.self) { try copy.transition(change, at: now) }
            #expect(copy == state)
        }
    }

    @Test func completingASubmittedJobIsIllegal() {
        var (state, _) = JobState.submit(spec, at: now)
        let error = #expect(throws: TriageError.self) {
            try state.transition(.complete(outputArchive: "x", succeeded: 1, failed: 0), at: now)
        }
        #expect(error?.code == .illegalTransition)
        #expect(error?.message.contains("SUBMITTED to COMPLETED") == true)
    }

    @Test func stopRequestedThenStoppedRecordsCounts() throws {
        var (state, _) = JobState.submit(spec, at: now)
        _ = try state.transition(.start(), at: now)
        _ = try state.transition(.requestStop, at: now)
        #expect(state.status == .stopRequested)
        _ = try state.transition(.stop(outputArchive: "/o.tar.gz", succeeded: 3, failed: 0), at: now)
        #expect(state.status == .stopped)
        #expect(state.documentsSucceeded == 3)
    }

    @Test func replayRequiresSubmittedFirstAndRefusesForeignEvents() throws {
        let stray = JobEvent(jobId: spec.jobId, status: .inProgress, time: now)
        #expect(throws: TriageError.self) { try JobState(replaying: stray) }
        var state = try JobState(replaying: JobState.submit(spec, at: now).1)
        let foreign = JobEvent(jobId: "ffff", status: .inProgress, time: now)
        #expect(throws: TriageError.self) { try state.apply(foreign) }
        try state.apply(stray)
        #expect(state.status == .inProgress)
    }

    @Test func newJobIdsAre32HexDigitsAndDiffer() {
        let a = JobSpec.newJobId()
        let b = JobSpec.newJobId()
        #expect(a.count == 32)
        #expect(a.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(a != b)
        #expect(spec.outputFolderName == "local-CLN-0123456789abcdef0123456789abcdef")
    }

    func checkpoint(_ documents: Int) -> JobCheckpoint {
        JobCheckpoint(
            documents: documents, succeeded: documents, failed: 0, predictionsBytes: Int64(documents) * 10, archiveBytes: 100,
            input: InputPosition(object: 0, offset: Int64(documents) * 8, line: documents), inputBytes: 0, inputTotalBytes: 100)
    }

    @Test func checkpointsAreRecordedOnlyWhileTheJobRunsAndKeepItsStatus() throws {
        var (state, _) = JobState.submit(spec, at: now)
        #expect(throws: TriageError.self) { try state.transition(.checkpoint(checkpoint(1)), at: now) }
        _ = try state.transition(.start(model: ModelUsed(path: "/m", fingerprint: "f"), worker: "1@h"), at: now)
        let event = try state.transition(.checkpoint(checkpoint(5), worker: "1@h"), at: now)
        #expect(event.status == .inProgress && event.checkpoint == checkpoint(5))
        #expect(state.status == .inProgress && state.checkpoint == checkpoint(5) && state.model?.fingerprint == "f")
        _ = try state.transition(.requestStop, at: now)
        _ = try state.transition(.checkpoint(checkpoint(9)), at: now)
        #expect(state.status == .stopRequested && state.checkpoint?.documents == 9)
        _ = try state.transition(.stop(outputArchive: "/o", succeeded: 9, failed: 0), at: now)
        #expect(state.checkpoint == nil)
        #expect(throws: TriageError.self) { try state.transition(.checkpoint(checkpoint(10)), at: now) }
    }

    @Test func aCheckpointWrittenBeforeTheWriterSawAStopRequestStillReplays() throws {
        // Process A runs the job and journals a checkpoint as IN_PROGRESS just after process B
        // journaled STOP_REQUESTED: the replay keeps STOP_REQUESTED and takes the progress.
        var (state, submitted) = JobState.submit(spec, at: now)
        let started = try state.transition(.start(), at: now)
        var writer = state
        let stop = try state.transition(.requestStop, at: now)
        let late = try writer.transition(.checkpoint(checkpoint(7)), at: now)
        #expect(late.status == .inProgress)
        var replayed = try JobState(replaying: submitted)
        for event in [started, stop, late] { try replayed.apply(event) }
        #expect(replayed.status == .stopRequested && replayed.checkpoint?.documents == 7)
    }

    @Test func specsFromOlderJournalsDecodeWithDefaults() throws {
        let old = #"{"jobId":"ab","jobName":"n","inputURI":"/in","inputFormat":"ONE_DOC_PER_LINE","outputURI":"/out","modelPath":"/m","owner":"local"}"#
        let decoded = try JSONDecoder().decode(JobSpec.self, from: Data(old.utf8))
        #expect(decoded.options == JobOptions())
        #expect(decoded.tags.isEmpty && decoded.clientRequestToken == nil && decoded.manifest == nil)
        let roundTrip = try JSONDecoder().decode(JobSpec.self, from: try JSONEncoder().encode(decoded))
        #expect(roundTrip == decoded)
    }

    @Test func aRetryIsTheSameRequestButAnotherOutputIsNot() {
        var retry = spec
        retry.jobId = JobSpec.newJobId()
        retry.jobName = "job-\(retry.jobId.prefix(8))"
        #expect(spec.isSameRequest(as: retry))
        var other = retry
        other.outputURI = "/elsewhere"
        #expect(!spec.isSameRequest(as: other))
    }
}
