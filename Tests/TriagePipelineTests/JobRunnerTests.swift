import Foundation
import Logging
import Testing
import TriageCore
import TriageModel
import TriageTestSupport
@testable import TriagePipeline

@Suite struct JobRunnerTests {
    /// A folder with a small model and a runner whose journal and working folders live in it.
    func setUp(window: Int? = nil, batch: Int = 2048) throws -> (TemporaryFolder, JobRunner, String) {
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
                concurrency: 2, workRoot: folder.path + "/state/jobs", batchDocuments: batch, window: window),
            logger: Logger(label: "test"))
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
        let state = try await runner.run(try runner.submit(spec))
        #expect(state.status == .completed)
        #expect(state.documentsSucceeded == 2)
        let archive = try #require(state.outputArchive)
        #expect(archive.hasSuffix("/out/local-CLN-\(spec.jobId)/output/output.tar.gz"))
        let lines = try runTool("tar", ["xzOf", archive, "predictions.jsonl"]).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains(#""Line": "0", "Classes": [{"Name": "cats""#))
        #expect(lines[1].contains(#""Line": "1", "Classes": [{"Name": "dogs""#))
        #expect(try runner.journal.events().map(\.status) == [.submitted, .inProgress, .completed])
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/state/jobs/\(spec.jobId)"))
    }

    @Test func aTinyWindowAndBatchStillKeepInputOrder() async throws {
        let (folder, runner, model) = try setUp(window: 1, batch: 1)
        let text = (0..<300).map { $0 % 2 == 0 ? "cat meow \($0)" : "dog woof \($0)" }.joined(separator: "\n")
        try folder.write("in.txt", text)
        let state = try await runner.run(try runner.submit(spec(folder, model: model, input: "in.txt", format: .oneDocPerLine)))
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
        let state = try await runner.run(try runner.submit(spec(folder, model: folder.path + "/bad.triage", input: "in.txt", format: .oneDocPerLine)))
        #expect(state.status == .failed)
        #expect(state.message?.contains("bad.triage is not a Triage model") == true)
        #expect(try runner.journal.events().map(\.status) == [.submitted, .inProgress, .failed])
    }
}
