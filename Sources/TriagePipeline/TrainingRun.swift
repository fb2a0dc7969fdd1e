import Foundation
import TriageCore
import TriageExtract
import TriageStorage
import TriageModel

/// What `triage train` was asked to do.
public struct TrainingRequest: Sendable {
    /// The training CSV, or a folder of class folders (`FOLDER/CLASS/FILE`, any supported type).
    public var dataPath: String
    /// A separate test CSV or folder; without it 10% of the data is held out (stratified, seeded).
    public var testDataPath: String?
    /// Where the model is written.
    public var modelPath: String
    /// MULTI_CLASS or MULTI_LABEL.
    public var mode: ClassifierMode
    /// The delimiter between labels in MULTI_LABEL mode.
    public var labelDelimiter: String
    /// Hyper-parameters and seed.
    public var options: TrainingOptions
    /// Where the evaluation files go; nil for `defaultEvaluationFolder(modelPath)`.
    public var evaluationFolder: String?
    /// How documents in a training folder are read (read mode and limits).
    public var reading: ReadingOptions
    /// Documents of a training folder read at once.
    public var concurrency: Int

    /// Makes a request.
    public init(
        dataPath: String, testDataPath: String?, modelPath: String, mode: ClassifierMode,
        labelDelimiter: String, options: TrainingOptions, evaluationFolder: String? = nil,
        reading: ReadingOptions = ReadingOptions(maxTextBytes: JobOptions.defaultMaxDocumentBytes),
        concurrency: Int = 1
    ) {
        self.reading = reading
        self.concurrency = max(1, concurrency)
        self.evaluationFolder = evaluationFolder
        self.dataPath = dataPath
        self.testDataPath = testDataPath
        self.modelPath = modelPath
        self.mode = mode
        self.labelDelimiter = labelDelimiter
        self.options = options
    }
}

/// What a training run produced.
public struct TrainingOutcome: Sendable {
    /// The evaluation on the held-out (or test) documents.
    public var report: EvaluationReport
    /// The folder holding `metrics.json`, `confusion_matrix.json` and `confusion_matrix.svg`.
    public var evaluationFolder: String
    /// Documents (and pages) of a training folder that were not trained on, with why; also written
    /// to `skipped_documents.jsonl` in the evaluation folder.
    public var skipped: [Prediction] = []
}

/// Trains a classifier as Comprehend does: read, hold out a test split, train, evaluate, save the
/// model, and write the evaluation beside it.
public enum TrainingRun {
    /// The fraction of documents held out for testing when no test file is given.
    public static let holdoutFraction = 0.1

    /// `model.triage` -> `model-evaluation` in the same folder.
    public static func defaultEvaluationFolder(_ modelPath: String) -> String {
        let name = LocalFiles.name(of: modelPath)
        let stem = name.hasSuffix(".triage") && name.count > 7 ? String(name.dropLast(7)) : name
        return LocalFiles.join(LocalFiles.folder(of: modelPath), stem + "-evaluation")
    }

    /// The name of the list of documents a training folder gave that were not trained on.
    public static let skippedFileName = "skipped_documents.jsonl"

    /// Runs `request` and returns the evaluation on the held-out documents.
    public static func run(_ request: TrainingRequest) async throws -> TrainingOutcome {
        var skipped: [Prediction] = []
        let examples = try await examples(request.dataPath, request, skipped: &skipped)
        try TrainingCSV.validateClasses(examples, file: request.dataPath)
        let train: [TrainingExample]
        let test: [TrainingExample]
        if let testPath = request.testDataPath {
            train = examples
            test = try await self.examples(testPath, request, skipped: &skipped)
        } else {
            (train, test) = HoldoutSplit.stratified(examples, fraction: holdoutFraction, seed: request.options.seed)
        }
        let classifier = try Trainer.train(examples: train, mode: request.mode, options: request.options)
        let report = Evaluator.report(classifier: classifier, test: test, trainedCount: train.count)
        try LocalFiles.makeFolders(LocalFiles.folder(of: request.modelPath))
        try classifier.write(to: request.modelPath)
        let folder = request.evaluationFolder ?? defaultEvaluationFolder(request.modelPath)
        try writeEvaluation(report, to: folder, modelName: LocalFiles.name(of: request.modelPath))
        let skippedPath = LocalFiles.join(folder, skippedFileName)
        if skipped.isEmpty {
            try? FileManager.default.removeItem(atPath: skippedPath)
        } else {
            var lines: [UInt8] = []
            for record in skipped { PredictionEncoder.appendLine(record, to: &lines) }
            try LocalFiles.replace(skippedPath, with: lines)
        }
        return TrainingOutcome(report: report, evaluationFolder: folder, skipped: skipped)
    }

    /// The examples of a CSV file, or of a folder of class folders (MULTI_CLASS only).
    private static func examples(_ path: String, _ request: TrainingRequest, skipped: inout [Prediction]) async throws -> [TrainingExample] {
        guard TrainingFolder.isFolder(path) else {
            return try TrainingCSV.read(path: path, mode: request.mode, labelDelimiter: request.labelDelimiter)
        }
        guard request.mode == .multiClass else {
            throw TriageError(
                .invalidTrainingData,
                "\(path): a folder of class folders trains a MULTI_CLASS model; use a CSV for MULTI_LABEL")
        }
        let contents = try await TrainingFolder.read(path, reading: request.reading, concurrency: request.concurrency)
        skipped += contents.skipped
        return contents.examples
    }

    /// The per-label metrics file: Comprehend's overall metrics and one entry per label.
    struct MetricsFile: Encodable {
        let metrics: EvaluationMetrics
        let labels: [EvaluationReport.LabelMetrics]
        enum CodingKeys: String, CodingKey { case metrics = "EvaluationMetrics", labels = "Labels" }
    }

    /// Writes `metrics.json`, `confusion_matrix.json` and `confusion_matrix.svg` into `folder`.
    static func writeEvaluation(_ report: EvaluationReport, to folder: String, modelName: String) throws {
        try LocalFiles.makeFolders(folder)
        let encoder = JSONCoding.prettyEncoder()
        func json(_ value: some Encodable, _ name: String) throws {
            let path = LocalFiles.join(folder, name)
            do {
                try LocalFiles.replace(path, with: Array(try encoder.encode(value)) + [0x0A])
            } catch let error as TriageError {
                throw error
            } catch {
                throw TriageError(.notWritable, "cannot encode \(path)", cause: DescribedCause(error))
            }
        }
        try json(MetricsFile(metrics: report.metrics, labels: report.labels), "metrics.json")
        try json(report.confusionMatrix, "confusion_matrix.json")
        let title = "\(modelName): \(report.metrics.numberOfTestDocuments) test documents, accuracy "
            + String(format: "%.4f", report.metrics.accuracy)
        try LocalFiles.replace(
            LocalFiles.join(folder, "confusion_matrix.svg"),
            with: Array(ConfusionMatrixPicture.svg(report.confusionMatrix, title: title).utf8))
    }
}
