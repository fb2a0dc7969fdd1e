import Foundation
import Logging
import Synchronization
import Testing
import TriageCore
import TriageModel
import TriageTestSupport
@testable import TriagePipeline

@Suite struct JobRunnerTests {
    /// A folder with a small model and a runner whose journal and working folders live in it.
    func setUp(
        window: Int? = nil, batch: Int = 2048, checkpointEvery: Duration = .seconds(1), progress: (any ProgressObserver)? = nil
    ) throws -> (TemporaryFolder, JobRunner, String) {
        let folder = try TemporaryFolder()
        let examples = (0..<10).flatMap { i in
            [TrainingExample(labels: ["cats"], text: "cat meow purr whiskers \(i)"),
             TrainingExample(labels: ["dogs"], text: "dog bark woof fetch \(i)")]
        }
        var options = TrainingOptions()
        options.buckets = 1 << 12
        let model = folder.path + "/model.triage"
        try Trainer.train(examples: examples, mode: .multiClass, options: options).write(to: model)
        let runner = JobRunner(
            journal: Journal(path: folder.path + "/state/journal.jsonl"),
            configuration: RunnerConfiguration(
                concurrency: 2, workRoot: folder.path + "/state/jobs", batchDocuments: batch, window: window,
                checkpointInterval: checkpointEvery, stopPollInterval: .zero),
            logger: Logger(label: "test"), progress: progress)
        return (folder, runner, model)
    }

    func spec(_ folder: TemporaryFolder, model: String, input: String, format: DocumentFormat) -> JobSpec {
        JobSpec(jobId: JobSpec.newJobId(), jobName: "t", inputURI: folder.path + "/" + input, inputFormat: format,
                outputURI: folder.path + "/out", modelPath: model)
    }

    @Test func completesAndJournalsEveryTransitionThenCleansItsWorkingFolder() async throws {
        let (folder, runner, model) = try setUp()
        try folder.write("in/a.txt", "the cat says meow\nthe dog says woof\n")
        let spec = spec(folder, model: model, input: "in/", format: .oneDocPerLine)
        let state = try await runner.run(jobId: try runner.submit(spec).spec.jobId)
        #expect(state.status == .completed)
        #expect(state.documentsSucceeded == 2)
        let archive = try #require(state.outputArchive)
        #expect(archive.hasSuffix("/out/local-CLN-\(spec.jobId)/output/output.tar.gz"))
        let lines = try runTool("tar", ["xzOf", archive, "predictions.jsonl"]).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains(#""Line": "0", "Classes": [{"Name": "cats""#))
        #expect(lines[1].contains(#""Line": "1", "Classes": [{"Name": "dogs""#))
        #expect(try runner.journal.events().filter { $0.checkpoint == nil }.map(\.status) == [.submitted, .inProgress, .completed])
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/state/jobs/\(spec.jobId)"))
    }

    @Test func aTinyWindowAndBatchStillKeepInputOrder() async throws {
        let (folder, runner, model) = try setUp(window: 1, batch: 1)
        let text = (0..<300).map { $0 % 2 == 0 ? "cat meow \($0)" : "dog woof \($0)" }.joined(separator: "\n")
        try folder.write("in.txt", text)
        let state = try await runner.run(jobId: try runner.submit(spec(folder, model: model, input: "in.txt", format: .oneDocPerLine)).spec.jobId)
        let lines = try runTool("tar", ["xzOf", try #require(state.outputArchive), "predictions.jsonl"]).split(separator: "\n")
        #expect(lines.count == 300)
        for (index, line) in lines.enumerated() {
            #expect(line.hasPrefix(#"{"File": "in.txt", "Line": "\#(index)", "Classes": [{"Name": "\#(index % 2 == 0 ? "cats" : "dogs")""#))
        }
    }

    @Test func aRefusedModelFailsTheJobWithTheReason() async throws {
        let (folder, runner, _) = try setUp()
        try folder.write("in.txt", "x\n")
        try folder.write("bad.triage", "not a model")
        let state = try await runner.run(jobId: try runner.submit(spec(folder, model: folder.path + "/bad.triage", input: "in.txt", format: .oneDocPerLine)).spec.jobId)
        #expect(state.status == .failed)
        #expect(state.message?.contains("bad.triage is not a Triage model") == true)
        #expect(try runner.journal.events().filter { $0.checkpoint == nil }.map(\.status) == [.submitted, .inProgress, .failed])
    }

    /// 3,000 lines over three files, a third of them with CRLF.
    func writeLines(_ folder: TemporaryFolder) throws {
        for file in 0..<3 {
            let text = (0..<1000).map { i in (i + file) % 2 == 0 ? "cat meow \(i)" : "dog woof \(i)" }
                .enumerated().map { $0.element + ($0.offset % 3 == 0 ? "\r\n" : "\n") }.joined()
            try folder.write("in/part-\(file).txt", text)
        }
    }

    /// The records of a finished job's archive.
    func records(_ state: JobState) throws -> String {
        try runTool("tar", ["xzOf", try #require(state.outputArchive), "predictions.jsonl"])
    }

    @Test func anInterruptedJobResumesFromItsCheckpointAndWritesWhatAnUninterruptedRunWrites() async throws {
        let interruption = JobInterruption()
        let (folder, runner, model) = try setUp(batch: 50, checkpointEvery: .zero, progress: Trigger(after: 700) { interruption.interrupt() })
        try writeLines(folder)
        let plain = JobRunner(journal: runner.journal, configuration: runner.configuration, logger: Logger(label: "test"))
        let reference = try await plain.run(jobId: try plain.submit(spec(folder, model: model, input: "in/", format: .oneDocPerLine)).spec.jobId)
        let expected = try records(reference)
        #expect(expected.split(separator: "\n").count == 3000)

        let job = try runner.submit(spec(folder, model: model, input: "in/", format: .oneDocPerLine)).spec.jobId
        let interrupted = try await runner.run(jobId: job, interruption: interruption)
        #expect(interrupted.status == .inProgress)
        let checkpoint = try #require(interrupted.checkpoint)
        #expect(checkpoint.documents >= 700 && checkpoint.documents < 3000)
        // A crash after the checkpoint leaves bytes past it in every file, and a torn journal line.
        let work = folder.path + "/state/jobs/\(job)"
        for name in ["predictions.jsonl", "output.tar.gz"] {
            let handle = try #require(FileHandle(forWritingAtPath: work + "/" + name))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{\"File\": \"torn".utf8))
            try handle.close()
        }
        let journal = try #require(FileHandle(forWritingAtPath: runner.journal.path))
        try journal.seekToEnd()
        try journal.write(contentsOf: Data("{\"JobId\":\"\(job)\",\"JobSt".utf8))
        try journal.close()

        let resumed = try await runner.run(jobId: job)
        #expect(resumed.status == .completed)
        #expect(resumed.documentsSucceeded == 3000)
        #expect(try records(resumed) == expected)
        #expect(!FileManager.default.fileExists(atPath: work))
    }

    @Test func aStopRequestedWhileRunningPacksTheRecordsWrittenSoFar() async throws {
        let holder = Mutex<JobRunner?>(nil)
        let jobId = Mutex("")
        let (folder, runner, model) = try setUp(batch: 50, progress: Trigger(after: 500) {
            // Another process asks: the journal is the only channel.
            _ = try? holder.withLock { $0 }?.requestStop(jobId.withLock { $0 })
        })
        holder.withLock { $0 = runner }
        try writeLines(folder)
        let job = try runner.submit(spec(folder, model: model, input: "in/", format: .oneDocPerLine)).spec.jobId
        jobId.withLock { $0 = job }
        let state = try await runner.run(jobId: job)
        #expect(state.status == .stopped)
        let written = try #require(state.documentsSucceeded)
        #expect(written >= 500 && written < 3000)
        let lines = try records(state).split(separator: "\n")
        #expect(lines.count == written)
        #expect(lines.last?.contains(#""Line": "\#((written - 1) % 1000)""#) == true)
        #expect(try runner.journal.events().filter { $0.checkpoint == nil }.map(\.status)
            == [.submitted, .inProgress, .stopRequested, .stopped])
    }

    @Test func stoppingASubmittedJobStopsItAtOnceAndAnEndedJobRefuses() async throws {
        let (folder, runner, model) = try setUp()
        try folder.write("in.txt", "cat\n")
        let waiting = try runner.submit(spec(folder, model: model, input: "in.txt", format: .oneDocPerLine)).spec.jobId
        let stopped = try runner.requestStop(waiting)
        #expect(stopped.status == .stopped)
        #expect(stopped.outputArchive == nil)
        // Nothing is left to run.
        #expect(try await runner.run(jobId: waiting).status == .stopped)
        let done = try await runner.run(jobId: try runner.submit(spec(folder, model: model, input: "in.txt", format: .oneDocPerLine)).spec.jobId)
        #expect(done.status == .completed)
        let error = #expect(throws: TriageError.self) { try runner.requestStop(done.spec.jobId) }
        #expect(error?.code == .illegalTransition)
        #expect(error?.message.contains("already COMPLETED") == true)
        #expect(#expect(throws: TriageError.self) { try runner.requestStop("nope") }?.code == .jobNotFound)
    }

    @Test func aStopRequestForAnInterruptedJobIsCarriedOutByTheNextRun() async throws {
        let interruption = JobInterruption()
        let (folder, runner, model) = try setUp(batch: 50, checkpointEvery: .zero, progress: Trigger(after: 300) { interruption.interrupt() })
        try writeLines(folder)
        let job = try runner.submit(spec(folder, model: model, input: "in/", format: .oneDocPerLine)).spec.jobId
        let interrupted = try await runner.run(jobId: job, interruption: interruption)
        let done = try #require(interrupted.checkpoint?.documents)
        #expect(try runner.requestStop(job).status == .stopRequested)
        let stopped = try await runner.run(jobId: job)
        #expect(stopped.status == .stopped)
        #expect(stopped.documentsSucceeded == done)
        #expect(try records(stopped).split(separator: "\n").count == done)
    }

    @Test func aStopThatComesAfterTheLastDocumentEndsCompleted() async throws {
        let holder = Mutex<(JobRunner, String)?>(nil)
        let (folder, runner, model) = try setUp(batch: 50, progress: Trigger(after: 3000) {
            if let (runner, job) = holder.withLock({ $0 }) { _ = try? runner.requestStop(job) }
        })
        try writeLines(folder)
        let job = try runner.submit(spec(folder, model: model, input: "in/", format: .oneDocPerLine)).spec.jobId
        holder.withLock { $0 = (runner, job) }
        let state = try await runner.run(jobId: job)
        #expect(state.status == .completed)
        #expect(state.documentsSucceeded == 3000)
    }

    @Test func theSameClientRequestTokenReturnsTheSameJob() throws {
        let (folder, runner, model) = try setUp()
        var first = spec(folder, model: model, input: "in.txt", format: .oneDocPerLine)
        first.clientRequestToken = "token-1"
        var again = spec(folder, model: model, input: "in.txt", format: .oneDocPerLine)
        again.clientRequestToken = "token-1"
        let submitted = try runner.submit(first)
        #expect(try runner.submit(again).spec.jobId == submitted.spec.jobId)
        #expect(try runner.journal.jobs().count == 1)
        var other = again
        other.outputURI = folder.path + "/elsewhere"
        let error = #expect(throws: TriageError.self) { try runner.submit(other) }
        #expect(error?.message.contains("token-1 was already used by job \(submitted.spec.jobId)") == true)
        var fresh = other
        fresh.clientRequestToken = "token-2"
        #expect(try runner.submit(fresh).spec.jobId != submitted.spec.jobId)
    }

    @Test func aJobAnotherProcessRunsIsBusyAndALockLeftByADeadProcessIsTakenOver() async throws {
        let (folder, runner, model) = try setUp()
        try folder.write("in.txt", "cat\n")
        let job = try runner.submit(spec(folder, model: model, input: "in.txt", format: .oneDocPerLine)).spec.jobId
        let held = try #require(try LockFile.tryAcquire(runner.lockPath(job)))
        let error = await #expect(throws: TriageError.self) { try await runner.run(jobId: job) }
        #expect(error?.code == .jobBusy)
        #expect(error?.message.contains(LockFile.holder) == true)
        #expect(try runner.journal.job(job).status == .submitted)
        held.release()
        // A process killed while holding the lock leaves its name in the file, but not the lock.
        try "4242@elsewhere since 2026-01-01T00:00:00.000Z\n".write(toFile: runner.lockPath(job), atomically: true, encoding: .utf8)
        let taken = try #require(try LockFile.tryAcquire(runner.lockPath(job)))
        #expect(taken.takenOverFrom == "4242@elsewhere since 2026-01-01T00:00:00.000Z")
        taken.release()
        #expect(try await runner.run(jobId: job).status == .completed)
    }
}
