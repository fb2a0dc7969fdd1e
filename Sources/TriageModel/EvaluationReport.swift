import TriageCore

/// What `triage train` writes beside the model: the overall metrics, each label's precision,
/// recall, F1 and support, and the confusion matrix.
public struct EvaluationReport: Sendable, Hashable {
    /// Comprehend's overall metrics.
    public var metrics: EvaluationMetrics
    /// One entry per label of the model, in label-table order.
    public var labels: [LabelMetrics]
    /// The confusion matrix over the test documents.
    public var confusionMatrix: ConfusionMatrix

    /// Precision, recall, F1 and support of one label.
    public struct LabelMetrics: Sendable, Hashable, Codable {
        public var name: String
        public var precision: Double
        public var recall: Double
        public var f1Score: Double
        /// Test documents that truly carry the label.
        public var support: Int

        enum CodingKeys: String, CodingKey {
            case name = "Name", precision = "Precision", recall = "Recall", f1Score = "F1Score", support = "Support"
        }
    }

    /// The report for predictions against the truth (one label set per test document).
    ///
    /// MULTI_CLASS: `matrix[actual][predicted]` counts documents, rows and columns in label-table
    /// order. MULTI_LABEL: one 2×2 matrix per label, `[[true negatives, false positives], [false
    /// negatives, true positives]]`.
    public static func compute(
        truth: [Set<String>], predicted: [Set<String>], labels: [String], mode: ClassifierMode, trained: Int
    ) -> EvaluationReport {
        let metrics = EvaluationMetrics.compute(truth: truth, predicted: predicted, labels: labels, trained: trained)
        var perLabel: [LabelMetrics] = []
        for label in labels {
            var tp = 0, fp = 0, fn = 0
            for (actual, guess) in zip(truth, predicted) {
                switch (actual.contains(label), guess.contains(label)) {
                case (true, true): tp += 1
                case (false, true): fp += 1
                case (true, false): fn += 1
                case (false, false): break
                }
            }
            let precision = tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp)
            let recall = tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            perLabel.append(LabelMetrics(name: label, precision: precision, recall: recall, f1Score: f1, support: tp + fn))
        }
        return EvaluationReport(
            metrics: metrics, labels: perLabel,
            confusionMatrix: ConfusionMatrix(truth: truth, predicted: predicted, labels: labels, mode: mode))
    }
}

/// A confusion matrix in the shape of Comprehend's `confusion_matrix.json`: `type`, the matrix,
/// `labels` (the model's) and `all_labels` (every label seen in the test documents too).
///
/// The matrix is written under both `matrix` and `confusion_matrix`: Comprehend's documentation
/// shows the latter, some of its outputs the former, and readers of either keep working.
public struct ConfusionMatrix: Sendable, Hashable, Encodable {
    /// `multi_class` or `multi_label`.
    public var type: String
    /// MULTI_CLASS: `[actual][predicted]` document counts. MULTI_LABEL: a 2×2 matrix per label.
    public var matrix: Matrix
    public var labels: [String]
    public var allLabels: [String]

    /// The two shapes of matrix.
    public enum Matrix: Sendable, Hashable, Encodable {
        case counts([[Int]])
        case perLabel([[[Int]]])

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case let .counts(rows): try container.encode(rows)
            case let .perLabel(blocks): try container.encode(blocks)
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case type, matrix, confusionMatrix = "confusion_matrix", labels, allLabels = "all_labels"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(matrix, forKey: .matrix)
        try container.encode(matrix, forKey: .confusionMatrix)
        try container.encode(labels, forKey: .labels)
        try container.encode(allLabels, forKey: .allLabels)
    }

    /// Counts predictions against the truth over the model's `labels`. A MULTI_CLASS document
    /// with no prediction, or a label outside the model, is counted nowhere in the matrix but its
    /// label is listed in `all_labels`.
    public init(truth: [Set<String>], predicted: [Set<String>], labels: [String], mode: ClassifierMode) {
        self.labels = labels
        let extra = Set(truth.flatMap { $0 }).union(predicted.flatMap { $0 }).subtracting(labels).sorted()
        allLabels = labels + extra
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        switch mode {
        case .multiClass:
            type = "multi_class"
            var rows = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
            for (actual, guess) in zip(truth, predicted) {
                guard let a = actual.first.flatMap({ index[$0] }), let p = guess.first.flatMap({ index[$0] }) else { continue }
                rows[a][p] += 1
            }
            matrix = .counts(rows)
        case .multiLabel:
            type = "multi_label"
            var blocks = [[[Int]]](repeating: [[0, 0], [0, 0]], count: labels.count)
            for (actual, guess) in zip(truth, predicted) {
                for (label, i) in index {
                    let row = actual.contains(label) ? 1 : 0
                    let column = guess.contains(label) ? 1 : 0
                    blocks[i][row][column] += 1
                }
            }
            matrix = .perLabel(blocks)
        }
    }
}
