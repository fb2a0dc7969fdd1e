import Testing
import TriageCore
@testable import TriageModel

@Suite struct DecisionPolicyTests {
    let labels = ["a", "b", "c", "d"]
    let scores: [Float] = [0.1, 0.5, 0.25, 0.15]

    func names(_ policy: DecisionPolicy, _ scores: [Float]? = nil, mode: ClassifierMode = .multiClass) -> [String] {
        policy.decide(scores: scores ?? self.scores, labels: labels, mode: mode).map(\.name)
    }

    @Test func topKListsTheBestFirst() {
        #expect(names(DecisionPolicy()) == ["b", "c", "d"])
        #expect(names(DecisionPolicy(topK: 1)) == ["b"])
        #expect(names(DecisionPolicy(topK: 10)) == ["b", "c", "d", "a"])
    }

    @Test func aMinimumScoreKeepsScoresAtLeastItAndDropsTheRest() {
        // Exactly at the minimum is kept; a hair under is not.
        #expect(names(DecisionPolicy(minimumScore: 0.25)) == ["b", "c"])
        #expect(names(DecisionPolicy(minimumScore: Double(Float(0.25).nextUp))) == ["b"])
        #expect(names(DecisionPolicy(minimumScore: 0)) == ["b", "c", "d"])
        #expect(names(DecisionPolicy(minimumScore: 0.5)) == ["b"])
    }

    @Test func theFallbackReplacesABestScoreUnderTheMinimum() {
        let policy = DecisionPolicy(minimumScore: 0.6, fallbackClass: "Other")
        let decided = policy.decide(scores: scores, labels: labels, mode: .multiClass)
        #expect(decided == [LabelScore(name: "Other", score: Double(Float(0.5)))])
        // Without a fallback the record lists no class.
        #expect(names(DecisionPolicy(minimumScore: 0.6)).isEmpty)
        // At the minimum, no fallback.
        #expect(names(DecisionPolicy(minimumScore: 0.5, fallbackClass: "Other")) == ["b"])
        // A minimum of 1 is reachable only by a certain score.
        #expect(names(DecisionPolicy(minimumScore: 1, fallbackClass: "Other"), [0, 1, 0, 0]) == ["b"])
    }

    @Test func multiLabelThresholdsArePerLabelThenTheMinimum() {
        let independent: [Float] = [0.9, 0.6, 0.3, 0.05]
        // No threshold at all: the best top-k, as before.
        #expect(names(DecisionPolicy(), independent, mode: .multiLabel) == ["a", "b", "c"])
        #expect(names(DecisionPolicy(minimumScore: 0.5), independent, mode: .multiLabel) == ["a", "b"])
        // c's own threshold lets it in; a's keeps it out; the rest use the minimum.
        let policy = DecisionPolicy(minimumScore: 0.5, labelThresholds: ["c": 0.3, "a": 0.95])
        #expect(names(policy, independent, mode: .multiLabel) == ["b", "c"])
        // Thresholds alone: labels without one are not filtered.
        #expect(names(DecisionPolicy(topK: 4, labelThresholds: ["a": 0.95]), independent, mode: .multiLabel) == ["b", "c", "d"])
        // top-k still applies after the thresholds.
        #expect(names(DecisionPolicy(topK: 1, minimumScore: 0.5), independent, mode: .multiLabel) == ["a"])
        // Nothing passes: the fallback, with the best label's score.
        let none = DecisionPolicy(minimumScore: 0.99, fallbackClass: "Other")
        #expect(none.decide(scores: independent, labels: labels, mode: .multiLabel) == [LabelScore(name: "Other", score: Double(Float(0.9)))])
    }

    @Test func refusesPoliciesThatDoNotFitTheModel() {
        func message(_ policy: DecisionPolicy, mode: ClassifierMode = .multiLabel) -> String? {
            #expect(throws: TriageError.self) { try policy.validate(labels: labels, mode: mode) }?.message
        }
        #expect(message(DecisionPolicy(labelThresholds: ["zzz": 0.5]))?.contains("label zzz, which the model does not have") == true)
        #expect(message(DecisionPolicy(labelThresholds: ["a": 1.5]))?.contains("between 0 and 1") == true)
        #expect(message(DecisionPolicy(labelThresholds: ["a": 0.5]), mode: .multiClass)?.contains("MULTI_LABEL") == true)
        #expect(message(DecisionPolicy(topK: 0)) != nil)
        #expect(message(DecisionPolicy(minimumScore: -0.1)) != nil)
        #expect(message(DecisionPolicy(fallbackClass: "")) != nil)
        #expect(throws: Never.self) { try DecisionPolicy(minimumScore: 0.5, fallbackClass: "Other", labelThresholds: ["a": 0.2]).validate(labels: labels, mode: .multiLabel) }
    }
}
