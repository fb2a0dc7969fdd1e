/// Which labels a record lists: the `topK` best, none under a minimum score (or a label's own
/// threshold), and a fallback class for documents whose best score is under the minimum.
///
/// MULTI_CLASS: when the best class scores under `minimumScore`, the record lists only
/// `fallbackClass` (with the best class's score, the confidence that fell short) or, without a
/// fallback, no class; otherwise the best `topK` classes scoring at least `minimumScore`.
/// MULTI_LABEL: a label is listed when it scores at least its threshold (`labelThresholds[label]`,
/// else `minimumScore`, else it has none), best first, at most `topK`; when thresholds leave no
/// label, the record lists `fallbackClass` (with the best label's score) or nothing.
/// Scores are compared before they are rounded for output: "at least" is `score >= threshold`.
public struct DecisionPolicy: Sendable, Hashable, Codable {
    /// Labels per record, at most.
    public var topK: Int
    /// The score a label needs to be listed; nil lists the best `topK` whatever their scores.
    public var minimumScore: Double?
    /// The class listed when no label reaches its threshold.
    public var fallbackClass: String?
    /// MULTI_LABEL thresholds of single labels, overriding `minimumScore` for them.
    public var labelThresholds: [String: Double]

    /// The default: the best 3, as Comprehend's examples show.
    public init(topK: Int = 3, minimumScore: Double? = nil, fallbackClass: String? = nil, labelThresholds: [String: Double] = [:]) {
        self.topK = topK
        self.minimumScore = minimumScore
        self.fallbackClass = fallbackClass
        self.labelThresholds = labelThresholds
    }

    /// Throws `.invalidArgument` for a policy that cannot apply to a model with `labels` in `mode`:
    /// top-k under 1, a score outside 0...1, a threshold for a label the model lacks, per-label
    /// thresholds on a MULTI_CLASS model, an empty fallback name.
    public func validate(labels: [String], mode: ClassifierMode) throws {
        guard topK >= 1 else { throw TriageError(.invalidArgument, "top-k must be at least 1, not \(topK)") }
        if let minimumScore, !(0...1).contains(minimumScore) {
            throw TriageError(.invalidArgument, "the minimum score must be between 0 and 1, not \(minimumScore)")
        }
        if let fallbackClass, fallbackClass.isEmpty {
            throw TriageError(.invalidArgument, "the fallback class must not be empty")
        }
        guard !labelThresholds.isEmpty else { return }
        guard mode == .multiLabel else {
            throw TriageError(.invalidArgument, "per-label thresholds apply to MULTI_LABEL models; this one is MULTI_CLASS")
        }
        let known = Set(labels)
        for (label, threshold) in labelThresholds.sorted(by: { $0.key < $1.key }) {
            guard known.contains(label) else {
                throw TriageError(
                    .invalidArgument,
                    "there is a threshold for label \(label), which the model does not have (its labels: \(labels.joined(separator: ", ")))")
            }
            guard (0...1).contains(threshold) else {
                throw TriageError(.invalidArgument, "the threshold of \(label) must be between 0 and 1, not \(threshold)")
            }
        }
    }
}
