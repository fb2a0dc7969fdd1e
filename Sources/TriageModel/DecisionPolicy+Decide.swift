import TriageCore

extension DecisionPolicy {
    /// The labels to list for a document with these `scores` (in `labels` order), best first.
    public func decide(scores: [Float], labels: [String], mode: ClassifierMode) -> [LabelScore] {
        if mode == .multiLabel, minimumScore != nil || !labelThresholds.isEmpty {
            return decideMultiLabel(scores: scores, labels: labels)
        }
        let ranked = Classifier.top(scores, labels: labels, k: topK)
        guard let best = ranked.first else { return [] }
        let listed: [LabelScore]
        switch mode {
        case .multiClass:
            guard let minimumScore else { return ranked }
            listed = best.score >= minimumScore ? ranked.filter { $0.score >= minimumScore } : []
        case .multiLabel:
            // With a threshold, `decideMultiLabel`.
            return Array(ranked.prefix(topK))
        }
        if listed.isEmpty, let fallbackClass {
            return [LabelScore(name: fallbackClass, score: best.score)]
        }
        return listed
    }

    /// MULTI_LABEL with a minimum score or per-label thresholds: the labels that reach theirs, best
    /// first, at most `topK`; else the fallback with the best score.
    ///
    /// Filters before ranking, so only the few labels listed are sorted: ranking all 30 labels of
    /// the debtags model (`Classifier.top`) took 5% of a 1-core job's samples under `perf`.
    private func decideMultiLabel(scores: [Float], labels: [String]) -> [LabelScore] {
        guard !scores.isEmpty else { return [] }
        var passing: [Int] = []
        var best = scores[0]
        for index in scores.indices {
            let score = scores[index]
            best = max(best, score)
            let threshold = labelThresholds.isEmpty ? minimumScore : labelThresholds[labels[index]] ?? minimumScore
            if let threshold, Double(score) < threshold { continue }
            passing.append(index)
        }
        guard !passing.isEmpty else {
            return fallbackClass.map { [LabelScore(name: $0, score: Double(best))] } ?? []
        }
        // Best first; ties ordered by name, as `Classifier.top` orders them.
        passing.sort { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : labels[$0] < labels[$1] }
        return passing.prefix(topK).map { LabelScore(name: labels[$0], score: Double(scores[$0])) }
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
