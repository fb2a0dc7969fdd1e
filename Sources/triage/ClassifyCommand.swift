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

    @Option(help: "Text files larger than this many bytes get a DOCUMENT_SIZE_EXCEEDED error.")
    var maxDocumentBytes: Int = JobOptions.defaultMaxDocumentBytes

    @OptionGroup var documents: DocumentOptions

    @Argument(help: "Files or s3:// objects to classify, each as one document (an archive's members each as one).")
    var files: [String] = []

    @OptionGroup var storage: StorageOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (text == nil) != files.isEmpty else { throw ValidationError("give either --text or one or more files") }
    }

    func run() async throws {
        let logger = global.makeLogger()
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
            let reading = ReadingOptions(
                readMode: try documents.readerConfig()?.documentReadMode ?? .serviceDefault, limits: documents.limits(),
                maxTextBytes: maxDocumentBytes)
            return try await storage.withClient(for: files, logger: logger) { s3 in
                let resolver = StoreResolver(s3: s3)
                // Runs of local files are read together; an s3:// argument is its object (or the
                // objects under it), in the order given.
                var predictions: [Prediction] = []
                var start = 0
                while start < files.count {
                    let remote = S3Location.isS3(files[start])
                    var end = start + 1
                    while end < files.count, S3Location.isS3(files[end]) == remote, !remote { end += 1 }
                    let store = try resolver.store(for: files[start])
                    let objects: [ObjectInfo]
                    if remote {
                        objects = try await store.list(prefix: files[start])
                        guard !objects.isEmpty else { throw TriageError(.notFound, "\(files[start]) matches no object") }
                    } else {
                        objects = files[start..<end].map { path in
                            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
                            return ObjectInfo(key: path, name: path, size: size, modified: nil)
                        }
                    }
                    predictions += await JobRunner.classifyFiles(
                        objects, from: store, classifier: classifier, policy: policy, reading: reading,
                        splitPages: documents.splitPages, concurrency: ProcessInfo.processInfo.activeProcessorCount,
                        spoolFolder: FileManager.default.temporaryDirectory.path)
                    start = end
                }
                for prediction in predictions { print(PredictionEncoder.line(prediction)) }
                return predictions.contains { !$0.succeeded }
            }
        }
        if anyFailed { throw ExitCodes.error }
    }
}
