import Testing
@testable import TriageModel

@Suite struct LabelThresholdTests {
    @Test func lowersTheThresholdWhenPositivesScoreBelowZero() {
        // 12 positives with margins -0.3 ... -0.08, 30 negatives at -0.6 and below: cutting
        // between the two groups lists every positive and no negative.
        let margins = (0..<12).map { -0.3 + Float($0) * 0.02 } + (0..<30).map { -0.6 - Float($0) * 0.01 }
        let positives = [Bool](repeating: true, count: 12) + [Bool](repeating: false, count: 30)
        let threshold = LabelThreshold.best(margins: margins, positives: positives)
        #expect(threshold < -0.3 && threshold > -0.6)
    }

    @Test func keepsZeroWhenTheModelsOwnThresholdIsBest() {
        let margins = (0..<12).map { 0.5 + Float($0) * 0.01 } + (0..<30).map { -0.5 - Float($0) * 0.01 }
        let positives = [Bool](repeating: true, count: 12) + [Bool](repeating: false, count: 30)
        #expect(LabelThreshold.best(margins: margins, positives: positives) == 0)
    }

    @Test func keepsZeroForALabelWithTooFewPositives() {
        let margins = (0..<9).map { -0.3 + Float($0) * 0.02 } + (0..<30).map { -0.6 - Float($0) * 0.01 }
        let positives = [Bool](repeating: true, count: 9) + [Bool](repeating: false, count: 30)
        #expect(LabelThreshold.best(margins: margins, positives: positives) == 0)
    }

    @Test func staysWithinTheLimit() {
        let margins = (0..<12).map { -3 + Float($0) * 0.01 } + (0..<30).map { -5 - Float($0) * 0.01 }
        let positives = [Bool](repeating: true, count: 12) + [Bool](repeating: false, count: 30)
        let threshold = LabelThreshold.best(margins: margins, positives: positives)
        #expect(abs(threshold) <= LabelThreshold.limit)
    }

    @Test func decidesDocumentsWithTheSameMarginAlike() {
        // 10 positives and 10 negatives share one margin; listing them all beats listing none.
        let margins = [Float](repeating: -0.2, count: 20) + [Float](repeating: -0.9, count: 20)
        let positives = [Bool](repeating: true, count: 10) + [Bool](repeating: false, count: 30)
        let threshold = LabelThreshold.best(margins: margins, positives: positives)
        #expect(threshold < -0.2 && threshold > -0.9)
    }
}
