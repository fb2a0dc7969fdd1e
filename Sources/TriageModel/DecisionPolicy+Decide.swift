import TriageCore

extension DecisionPolicy {
    /// The labels to list for a document with these `scores` (in `labels` order), best first.
    public func decide(scores: [Float], labels: [String], mode: ClassifierMode) -> [LabelScore] {
        let ranked = Classifier.top(scores, labels: labels, k: mode == .multiClass ? topK : scores.count)
        guard let best = ranked.first else { return [] }
        let listed: [LabelScore]
        switch mode {
        case .multiClass:
            guard let minimumScore else { return ranked }
            listed = best.score >= minimumScore ? ranked.filter { $0.score >= minimumScore } : []
        case .multiLabel:
            guard minimumScore != nil || !labelThresholds.isEmpty else { return Array(ranked.prefix(topK)) }
            listed = Array(ranked.filter { label in
                guard let threshold = labelThresholds[label.name] ?? minimumScore else { return true }
                return label.score >= threshold
            }.prefix(topK))
        }
        if listed.isEmpty, let fallbackClass {
            return [LabelScore(name: fallbackClass, score: best.score)]
        }
        return listed
    }
}

extension Classifier {
    /// The labels `policy` lists for `text` (UTF-8 bytes).
    public func decide(_ text: ArraySlice<UInt8>, policy: DecisionPolicy) -> [LabelScore] {
        var scores: [Float] = []
        text.withUnsafeBufferPointer { self.scores(utf8: $0, into: &scores) }
        return policy.decide(scores: scores, labels: labels, mode: mode)
    }

    /// The labels `policy` lists for `text`.
    public func decide(text: String, policy: DecisionPolicy) -> [LabelScore] {
        decide(Array(text.utf8)[...], policy: policy)
    }
}
