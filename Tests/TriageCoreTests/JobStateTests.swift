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
}
