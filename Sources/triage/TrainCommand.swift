import ArgumentParser
import Foundation
import TriageCore
import TriageExtract
import TriageModel
import TriagePipeline
import TriageStorage

extension TrainingOptions.Loss: ExpressibleByArgument {}

/// `triage train`: trains a classifier from Comprehend's training CSV or a folder of class folders
/// and prints its evaluation.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a classifier from Comprehend's training CSV or a folder of class folders and print its evaluation metrics.")

    @Option(help: ArgumentHelp(
        "Training CSV (no header, label then text, RFC 4180 quoting, UTF-8), or a folder with one folder per class.",
        discussion: "A folder: FOLDER/CLASS/FILE, each file (text, PDF, Word, image, or an archive's members) one document of CLASS."))
    var data: String

    @Option(help: "Where to write the model file.")
    var model: String

    @Option(help: "MULTI_CLASS or MULTI_LABEL.")
    var mode: ClassifierMode = .multiClass

    @Option(help: "The delimiter between labels in MULTI_LABEL mode.")
    var labelDelimiter: String = "|"

    @Option(help: "A separate test CSV or folder; without it 10% of the documents are held out (stratified).")
    var testData: String?

    @Option(help: "Random seed for the held-out split and training order.")
    var seed: UInt64?

    @Option(help: ArgumentHelp(
        "squared-hinge (a linear SVM per label, the default) or logistic (softmax, as fastText).",
        valueName: "loss"))
    var loss: TrainingOptions.Loss?

    @Option(help: "Training epochs (squared-hinge: the most passes; it stops when converged). Default 20.")
    var epochs: Int?

    @Option(help: "Initial learning rate of the logistic loss. Default 2.0.")
    var learningRate: Double?

    @Option(help: "Cost of a margin violation for the squared-hinge loss (liblinear's C). Default 1.0.")
    var cost: Double?

    @Option(help: "Number of hash buckets for word and bigram features. Default 524288.")
    var buckets: Int?

    @Flag(inversion: .prefixedNo, help: "Word bigrams as features besides words.")
    var bigrams: Bool = true

    @Flag(inversion: .prefixedNo, help: ArgumentHelp(
        "MULTI_LABEL: move each label's decision point to its best F1 on 2-fold held-out training documents.",
        discussion: "On by default; a label with fewer than 10 training documents keeps 0.5."))
    var calibrateThresholds = true

    @Flag(inversion: .prefixedNo, help: "ASCII punctuation characters as features (one-character words) rather than separators.")
    var punctuation: Bool = true

    @Option(help: ArgumentHelp(
        "Where metrics.json, confusion_matrix.json and confusion_matrix.svg are written.",
        discussion: "Default: beside the model, MODEL-evaluation/ for MODEL.triage.", valueName: "folder"))
    var evaluationDir: String?

    @Option(help: "Documents of a training folder read at once (default: the number of cores).")
    var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Text files of a training folder larger than this many bytes are not trained on.")
    var maxDocumentBytes: Int = JobOptions.defaultMaxDocumentBytes

    @OptionGroup var documents: DocumentOptions

    @OptionGroup var storage: StorageOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard !labelDelimiter.isEmpty else { throw ValidationError("--label-delimiter must not be empty") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if let learningRate, !(learningRate > 0) { throw ValidationError("--learning-rate must be positive") }
        if let cost, !(cost > 0) { throw ValidationError("--cost must be positive") }
        if let buckets, buckets < 1 { throw ValidationError("--buckets must be at least 1") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard maxDocumentBytes >= 1 else { throw ValidationError("--max-document-bytes must be at least 1") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        var options = TrainingOptions()
        if let seed { options.seed = seed }
        if let epochs { options.epochs = epochs }
        if let learningRate { options.learningRate = learningRate }
        if let buckets { options.buckets = buckets }
        if let loss { options.loss = loss }
        if let cost { options.cost = cost }
        options.bigrams = bigrams
        options.punctuation = punctuation
        options.calibrateThresholds = calibrateThresholds
        let outcome = try await reportingErrors { () async throws -> TrainingOutcome in
            let reading = ReadingOptions(
                readMode: try documents.readerConfig()?.documentReadMode ?? .serviceDefault, limits: documents.limits(),
                maxTextBytes: maxDocumentBytes)
            // Training data on S3 (a CSV, or a prefix of class folders) is copied here first.
            let staging = FileManager.default.temporaryDirectory.appendingPathComponent("triage-train-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: staging) }
            return try await storage.withClient(for: [data] + (testData.map { [$0] } ?? []), logger: logger) { s3 in
                let resolver = StoreResolver(s3: s3)
                func local(_ path: String, _ name: String) async throws -> String {
                    guard S3Location.isS3(path) else { return path }
                    return try await resolver.store(for: path).download(path, into: LocalFiles.join(staging, name))
                }
                let request = TrainingRequest(
                    dataPath: try await local(data, "data"), testDataPath: try await testData.asyncMap { try await local($0, "test") },
                    modelPath: model, mode: mode, labelDelimiter: labelDelimiter, options: options,
                    evaluationFolder: evaluationDir, reading: reading, concurrency: concurrency)
                return try await TrainingRun.run(request)
            }
        }
        for record in outcome.skipped {
            if case let .failed(error) = record.outcome {
                logger.warning("not trained on", metadata: [
                    "file": "\(record.file)", "code": "\(error.code)", "message": "\(error.message)",
                ])
            }
        }
        logger.info("model written", metadata: ["model": "\(model)", "evaluation": "\(outcome.evaluationFolder)"])
        try printJSON(outcome.report.metrics)
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
