import ArgumentParser
import Foundation
import TriageCore
import TriageExtract
import TriageModel
import TriagePipeline
import TriageStorage

/// `triage classify`: classifies one text, or each file given, in real time.
struct ClassifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify a text or files and print Comprehend's ClassifyDocument response.",
        discussion: "With files, prints one predictions.jsonl-style record per file; exits 2 if any could not be classified.")

    @Option(help: "The model file.")
    var model: String

    @Option(help: "The text to classify.")
    var text: String?

    @OptionGroup var decision: DecisionOptions

    @Option(help: "Files larger than this many bytes get a DOCUMENT_SIZE_EXCEEDED error.")
    var maxDocumentBytes: Int = JobOptions.defaultMaxDocumentBytes

    @Argument(help: "Files to classify, each as one document.")
    var files: [String] = []

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (text == nil) != files.isEmpty else { throw ValidationError("give either --text or one or more files") }
    }

    func run() async throws {
        _ = global.makeLogger()
        let anyFailed = try await reportingErrors { () async throws -> Bool in
            let classifier = try Classifier.load(path: model)
            let policy = try decision.policy()
            try policy.validate(labels: classifier.labels, mode: classifier.mode)
            if let text {
                switch TextValidator.validate(Array(text.utf8)) {
                case let .success(bytes):
                    print(PredictionEncoder.classifyResponse(classifier.decide(bytes[...], policy: policy), mode: classifier.mode))
                    return false
                case let .failure(error):
                    throw TriageError(.invalidDocument, "the text cannot be classified: \(error.message)")
                }
            }
            var failed = false
            for (index, file) in files.enumerated() {
                let document = await Self.read(file, limit: maxDocumentBytes, sequence: index)
                let prediction = JobRunner.classify([document], with: classifier, policy: policy)[0]
                failed = failed || !prediction.succeeded
                print(PredictionEncoder.line(prediction))
            }
            return failed
        }
        if anyFailed { throw ExitCodes.error }
    }

    /// Reads a file as one document, the way a ONE_DOC_PER_FILE job does.
    static func read(_ path: String, limit: Int, sequence: Int) async -> Document {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        let object = ObjectInfo(key: path, name: path, size: size, modified: nil)
        return await JobRunner.readDocument(object, from: LocalStore(), limit: limit, sequence: sequence)
    }
}
