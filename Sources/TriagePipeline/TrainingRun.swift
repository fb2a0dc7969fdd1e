import TriageCore
import TriageModel

/// What `triage train` was asked to do.
public struct TrainingRequest: Sendable {
    /// The training CSV.
    public var dataPath: String
    /// A separate test CSV; without it 10% of the data is held out (stratified, seeded).
    public var testDataPath: String?
    /// Where the model is written.
    public var modelPath: String
    /// MULTI_CLASS or MULTI_LABEL.
    public var mode: ClassifierMode
    /// The delimiter between labels in MULTI_LABEL mode.
    public var labelDelimiter: String
    /// Hyper-parameters and seed.
    public var options: TrainingOptions

    /// Makes a request.
    public init(
        dataPath: String, testDataPath: String?, modelPath: String, mode: ClassifierMode,
        labelDelimiter: String, options: TrainingOptions
    ) {
        self.dataPath = dataPath
        self.testDataPath = testDataPath
        self.modelPath = modelPath
        self.mode = mode
        self.labelDelimiter = labelDelimiter
        self.options = options
    }
}

/// Trains a classifier as Comprehend does: read, hold out a test split, train, evaluate, save.
public enum TrainingRun {
    /// The fraction of documents held out for testing when no test file is given.
    public static let holdoutFraction = 0.1

    /// Runs `request` and returns the evaluation on the held-out documents.
    public static func run(_ request: TrainingRequest) throws -> EvaluationMetrics {
        let examples = try TrainingCSV.read(path: request.dataPath, mode: request.mode, labelDelimiter: request.labelDelimiter)
        try TrainingCSV.validateClasses(examples, file: request.dataPath)
        let train: [TrainingExample]
        let test: [TrainingExample]
        if let testPath = request.testDataPath {
            train = examples
            test = try TrainingCSV.read(path: testPath, mode: request.mode, labelDelimiter: request.labelDelimiter)
        } else {
            (train, test) = HoldoutSplit.stratified(examples, fraction: holdoutFraction, seed: request.options.seed)
        }
        let classifier = try Trainer.train(examples: train, mode: request.mode, options: request.options)
        let metrics = Evaluator.evaluate(classifier: classifier, test: test, trainedCount: train.count)
        try classifier.write(to: request.modelPath)
        return metrics
    }
}
