import TriageCore
import TriageModel

/// Turns a native document's classified pages into `predictions.jsonl` records: one per page, as
/// Comprehend writes them, or (`--split-pages`) one per run of consecutive pages of the same class.
enum PageRecords {
    /// One page with its scores (in the model's label order), or its error.
    struct ScoredPage: Sendable {
        /// What the record says about the page.
        var info: PageInfo
        /// Every label's score; nil when the page has an error.
        var scores: [Float]?
    }

    /// Every page of a read document with its label scores from `classifier` (none for a page
    /// with an error).
    static func score(_ pages: [ExtractedPage], with classifier: Classifier) -> [ScoredPage] {
        pages.map { page in
            guard page.info.error == nil else { return ScoredPage(info: page.info, scores: nil) }
            var scores: [Float] = []
            page.text.withUnsafeBufferPointer { classifier.scores(utf8: $0, into: &scores) }
            return ScoredPage(info: page.info, scores: scores)
        }
    }

    /// The records of a document whose pages are `pages` (all of it, in order).
    static func records(
        _ pages: [ScoredPage], sequence: Int, file: String, labels: [String], mode: ClassifierMode,
        policy: DecisionPolicy, splitPages: Bool
    ) -> [Prediction] {
        let count = pages.count
        func record(_ group: [ScoredPage], isRange: Bool) -> Prediction {
            let span = PageSpan(pageCount: count, pages: group.map(\.info), isRange: isRange)
            if let error = group[0].info.error {
                return Prediction(sequence: sequence, file: file, line: nil, outcome: .failed(error), pages: span)
            }
            let scores = mean(group.compactMap(\.scores))
            return Prediction(
                sequence: sequence, file: file, line: nil,
                outcome: .scores(policy.decide(scores: scores, labels: labels, mode: mode), mode), pages: span)
        }
        guard splitPages else { return pages.map { record([$0], isRange: false) } }
        return groups(pages, labels: labels, mode: mode, policy: policy).map { record($0, isRange: true) }
    }

    /// Consecutive pages with the same decision (the same class, or the same set of labels)
    /// grouped; a page with an error is a group of its own.
    static func groups(_ pages: [ScoredPage], labels: [String], mode: ClassifierMode, policy: DecisionPolicy) -> [[ScoredPage]] {
        var groups: [[ScoredPage]] = []
        var currentKey: [String]?
        for page in pages {
            guard let scores = page.scores else {
                groups.append([page])
                currentKey = nil
                continue
            }
            let key = decisionKey(policy.decide(scores: scores, labels: labels, mode: mode), mode: mode)
            if let currentKey, currentKey == key {
                groups[groups.count - 1].append(page)
            } else {
                groups.append([page])
            }
            currentKey = key
        }
        return groups
    }

    /// What makes two pages part of one document: the listed class (MULTI_CLASS: the best one) or
    /// the set of listed labels (MULTI_LABEL).
    static func decisionKey(_ listed: [LabelScore], mode: ClassifierMode) -> [String] {
        switch mode {
        case .multiClass: return listed.first.map { [$0.name] } ?? []
        case .multiLabel: return listed.map(\.name).sorted()
        }
    }

    /// The mean of score vectors of equal length. Averaging keeps the decision the pages share:
    /// a class best on every page is best on the mean, and a score at least a threshold on every
    /// page is at least it on the mean.
    static func mean(_ vectors: [[Float]]) -> [Float] {
        guard var sum = vectors.first else { return [] }
        for vector in vectors.dropFirst() {
            for index in sum.indices { sum[index] += vector[index] }
        }
        let count = Float(vectors.count)
        return sum.map { $0 / count }
    }
}
