/// Comprehend's classifier evaluation metrics, under Comprehend's names.
public struct EvaluationMetrics: Sendable, Codable, Hashable {
    /// Exact-match ratio: documents whose predicted label set equals the true one.
    public var accuracy: Double
    /// Macro-averaged precision over labels.
    public var precision: Double
    /// Macro-averaged recall over labels.
    public var recall: Double
    /// Macro-averaged F1 over labels (the mean of per-label F1 scores).
    public var f1Score: Double
    /// Precision over all label decisions.
    public var microPrecision: Double
    /// Recall over all label decisions.
    public var microRecall: Double
    /// F1 over all label decisions.
    public var microF1Score: Double
    /// Wrong label decisions / (documents × labels).
    public var hammingLoss: Double
    /// Labels in the model.
    public var numberOfLabels: Int
    /// Documents trained on.
    public var numberOfTrainedDocuments: Int
    /// Documents evaluated.
    public var numberOfTestDocuments: Int

    /// Comprehend's JSON names.
    enum CodingKeys: String, CodingKey {
        case accuracy = "Accuracy"
        case precision = "Precision"
        case recall = "Recall"
        case f1Score = "F1Score"
        case microPrecision = "MicroPrecision"
        case microRecall = "MicroRecall"
        case microF1Score = "MicroF1Score"
        case hammingLoss = "HammingLoss"
        case numberOfLabels = "NumberOfLabels"
        case numberOfTrainedDocuments = "NumberOfTrainedDocuments"
        case numberOfTestDocuments = "NumberOfTestDocuments"
    }

    /// Computes the metrics from true and predicted label sets (one pair per test document).
    ///
    /// Per-label precision, recall and F1 are 0 where undefined; macro averages run over the labels
    /// that occur in the truth or the predictions.
    public static func compute(truth: [Set<String>], predicted: [Set<String>], labels: [String], trained: Int) -> EvaluationMetrics {
        precondition(truth.count == predicted.count, "one prediction per test document")
        var truePositives: [String: Int] = [:]
        var falsePositives: [String: Int] = [:]
        var falseNegatives: [String: Int] = [:]
        var exact = 0
        var wrongDecisions = 0
        for (actual, guess) in zip(truth, predicted) {
            if actual == guess { exact += 1 }
            wrongDecisions += actual.symmetricDifference(guess).count
            for label in actual.intersection(guess) { truePositives[label, default: 0] += 1 }
            for label in guess.subtracting(actual) { falsePositives[label, default: 0] += 1 }
            for label in actual.subtracting(guess) { falseNegatives[label, default: 0] += 1 }
        }
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
        func f1(_ p: Double, _ r: Double) -> Double { p + r == 0 ? 0 : 2 * p * r / (p + r) }

        let present = Set(truth.flatMap { $0 }).union(predicted.flatMap { $0 }).sorted()
        var precisionSum = 0.0
        var recallSum = 0.0
        var f1Sum = 0.0
        for label in present {
            let tp = truePositives[label] ?? 0
            let p = ratio(tp, tp + (falsePositives[label] ?? 0))
            let r = ratio(tp, tp + (falseNegatives[label] ?? 0))
            precisionSum += p
            recallSum += r
            f1Sum += f1(p, r)
        }
        let tp = truePositives.values.reduce(0, +)
        let microPrecision = ratio(tp, tp + falsePositives.values.reduce(0, +))
        let microRecall = ratio(tp, tp + falseNegatives.values.reduce(0, +))
        let labelCount = Set(labels).union(present).count
        let classes = Double(max(1, present.count))
        return EvaluationMetrics(
            accuracy: ratio(exact, truth.count),
            precision: precisionSum / classes,
            recall: recallSum / classes,
            f1Score: f1Sum / classes,
            microPrecision: microPrecision,
            microRecall: microRecall,
            microF1Score: f1(microPrecision, microRecall),
            hammingLoss: ratio(wrongDecisions, truth.count * labelCount),
            numberOfLabels: labels.count,
            numberOfTrainedDocuments: trained,
            numberOfTestDocuments: truth.count)
    }
}

/// Evaluates a classifier on labelled documents as Comprehend does.
public enum Evaluator {
    /// The score at or above which a MULTI_LABEL model predicts a label.
    public static let multiLabelThreshold: Float = 0.5

    /// The metrics of `classifier` on `test`: MULTI_CLASS predicts the top class, MULTI_LABEL
    /// every label scoring at least 0.5.
    public static func evaluate(classifier: Classifier, test: [TrainingExample], trainedCount: Int) -> EvaluationMetrics {
        report(classifier: classifier, test: test, trainedCount: trainedCount).metrics
    }

    /// The metrics, per-label metrics and confusion matrix of `classifier` on `test`, predicting as
    /// `evaluate` does.
    public static func report(classifier: Classifier, test: [TrainingExample], trainedCount: Int) -> EvaluationReport {
        let predicted = test.map { example -> Set<String> in
            let scores = classifier.probabilities(example.text)
            switch classifier.mode {
            case .multiClass:
                return Set(Classifier.top(scores, labels: classifier.labels, k: 1).map(\.name))
            case .multiLabel:
                return Set(zip(classifier.labels, scores).filter { $0.1 >= multiLabelThreshold }.map(\.0))
            }
        }
        return EvaluationReport.compute(
            truth: test.map { Set($0.labels) }, predicted: predicted, labels: classifier.labels, mode: classifier.mode,
            trained: trainedCount)
    }
}
