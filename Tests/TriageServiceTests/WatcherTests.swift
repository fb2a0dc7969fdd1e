import Foundation
import Logging
import Synchronization
import Testing
import TriageCore
import TriageModel
import TriagePipeline
import TriageStorage
import TriageTestSupport
@testable import TriageService

@Suite struct WatcherTests {
    /// Trains a small model at `path`; `seed` and `epochs` make a different model file.
    static func train(_ path: String, epochs: Int = 20) throws {
        let examples = (0..<10).flatMap { i in
            [TrainingExample(labels: ["cats"], text: "cat meow purr whiskers \(i)"),
             TrainingExample(labels: ["dogs"], text: "dog bark woof fetch \(i)")]
        }
        var options = TrainingOptions()
        options.buckets = 1 << 12
        options.epochs = epochs
        try Trainer.train(examples: examples, mode: .multiClass, options: options).write(to: path)
    }

    struct Setup {
        let folder: TemporaryFolder
        let runner: JobRunner
        let target: WatchTarget
        let watcher: Watcher
    }

    func setUp(progress: (any ProgressObserver)? = nil, batch: Int = 2048, format: DocumentFormat = .oneDocPerFile) throws -> Setup {
        let folder = try TemporaryFolder()
        try Self.train(folder.path + "/model.triage")
        let runner = JobRunner(
            journal: Journal(path: folder.path + "/state/journal.jsonl"),
            configuration: RunnerConfiguration(
                concurrency: 2, workRoot: folder.path + "/state/jobs", batchDocuments: batch, checkpointInterval: .zero),
            logger: Logger(label: "test"), progress: progress)
        let target = WatchTarget(input: folder.path + "/in/", output: folder.path + "/out", model: folder.path + "/model.triage", format: format)
        let watcher = Watcher(runner: runner, target: target, stateFolder: folder.path + "/state/watches", logger: Logger(label: "test"))
        return Setup(folder: folder, runner: runner, target: target, watcher: watcher)
    }

    /// The `File` of every record of a job's archive.
    func files(_ runner: JobRunner, _ jobId: String) throws -> [String] {
        let archive = try #require(try runner.journal.job(jobId).outputArchive)
        return try runTool("tar", ["xzOf", archive, "predictions.jsonl"]).split(separator: "\n").map { line in
            let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return record?["File"] as? String ?? ""
        }
    }

    @Test func eachPassClassifiesOnlyWhatIsNewOrChangedOrEverythingForANewModel() async throws {
        let setup = try setUp()
        let (folder, runner, watcher) = (setup.folder, setup.runner, setup.watcher)
        for name in ["a", "b", "c"] { try folder.write("in/\(name).txt", "cat meow \(name)") }

        let first = try await watcher.pass(interruption: JobInterruption())
        let job1 = try #require(first.submitted)
        #expect(first.completed == [job1] && first.succeeded)
        #expect(try files(runner, job1) == ["a.txt", "b.txt", "c.txt"])

        let idle = try await watcher.pass(interruption: JobInterruption())
        #expect(idle.submitted == nil && idle.completed.isEmpty && idle.succeeded)

        try folder.write("in/d.txt", "dog woof d")
        try folder.write("in/e.txt", "dog woof e")
        let second = try await watcher.pass(interruption: JobInterruption())
        #expect(try files(runner, try #require(second.submitted)) == ["d.txt", "e.txt"])

        // A changed file (new size and time) is classified again; the rest is not.
        try folder.write("in/b.txt", "dog woof b, rewritten")
        let changed = try await watcher.pass(interruption: JobInterruption())
        #expect(try files(runner, try #require(changed.submitted)) == ["b.txt"])

        // A new model classifies everything again, and its jobs record it.
        let before = try #require(try runner.journal.job(job1).model)
        try Self.train(folder.path + "/model.triage", epochs: 3)
        let retrained = try await watcher.pass(interruption: JobInterruption())
        let job5 = try #require(retrained.submitted)
        #expect(try files(runner, job5) == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"])
        let after = try #require(try runner.journal.job(job5).model)
        #expect(after.fingerprint != before.fingerprint && after.path == before.path)
        #expect(try await watcher.pass(interruption: JobInterruption()).submitted == nil)
    }

    @Test func aPassRunsSubmittedJobsAndFinishesJobsAShutdownInterrupted() async throws {
        let interruption = JobInterruption()
        let setup = try setUp(progress: Trigger(after: 40) { interruption.interrupt() }, batch: 10, format: .oneDocPerLine)
        let (folder, runner) = (setup.folder, setup.runner)
        try folder.write("other/lines.txt", (0..<200).map { "cat meow \($0)" }.joined(separator: "\n"))
        // A job from start-job, for another input: a watcher without a target still runs it.
        let submitted = try runner.submit(JobSpec(
            jobId: JobSpec.newJobId(), jobName: "s", inputURI: folder.path + "/other/", inputFormat: .oneDocPerLine,
            outputURI: folder.path + "/out", modelPath: setup.target.model))
        let journalOnly = Watcher(runner: runner, target: nil, stateFolder: folder.path + "/state/watches", logger: Logger(label: "test"))
        let interrupted = try await journalOnly.pass(interruption: interruption)
        #expect(interrupted.interrupted && !interrupted.succeeded)
        #expect(try runner.journal.job(submitted.spec.jobId).status == .inProgress)
        let next = try await journalOnly.pass(interruption: JobInterruption())
        #expect(next.completed == [submitted.spec.jobId] && next.succeeded)
        #expect(try files(runner, submitted.spec.jobId).count == 200)
    }

    @Test func twoWatchersOnOneJournalNeverPutAnObjectInTwoJobsNorRunAJobTwice() async throws {
        let setup = try setUp()
        let (folder, runner) = (setup.folder, setup.runner)
        for index in 0..<50 { try folder.write("in/\(index).txt", "cat meow \(index)") }
        let other = Watcher(
            runner: JobRunner(journal: runner.journal, configuration: runner.configuration, logger: Logger(label: "other")),
            target: setup.target, stateFolder: folder.path + "/state/watches", logger: Logger(label: "other"))
        async let one = setup.watcher.pass(interruption: JobInterruption())
        async let two = other.pass(interruption: JobInterruption())
        let reports = try await [one, two]
        let jobs = try runner.journal.jobs()
        #expect(jobs.allSatisfy { $0.status == .completed })
        // Every job completed once, by one of the two, and every object is in exactly one record.
        #expect(reports.flatMap(\.completed).sorted() == jobs.map(\.spec.jobId).sorted())
        let all = try jobs.flatMap { try files(runner, $0.spec.jobId) }
        #expect(all.sorted() == (0..<50).map { "\($0).txt" }.sorted())
        #expect(try await setup.watcher.pass(interruption: JobInterruption()).submitted == nil)
    }

    @Test func aFailedJobReleasesItsObjectsForTheNextPass() async throws {
        let setup = try setUp()
        let (folder, runner, watcher) = (setup.folder, setup.runner, setup.watcher)
        try folder.write("in/a.txt", "cat")
        // The output cannot be written: a file stands where the output folder should be.
        try folder.write("out", "not a folder")
        let failing = try await watcher.pass(interruption: JobInterruption())
        #expect(failing.failed.count == 1 && !failing.succeeded)
        try FileManager.default.removeItem(atPath: folder.path + "/out")
        let retry = try await watcher.pass(interruption: JobInterruption())
        #expect(try files(runner, try #require(retry.submitted)) == ["a.txt"])
    }
}
