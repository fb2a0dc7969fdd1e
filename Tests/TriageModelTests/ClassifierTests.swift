import Dispatch
import Foundation
import Testing
import TriageCore
@testable import TriageModel

@Suite struct ClassifierTests {
    func multiClass() throws -> Classifier {
        try Trainer.train(examples: Fixtures.toy, mode: .multiClass, options: Fixtures.smallOptions())
    }

    func multiLabel() throws -> Classifier {
        try Trainer.train(examples: Fixtures.multiLabel, mode: .multiLabel, options: Fixtures.smallOptions())
    }

    static let texts = ["apple", "unknown words only", "", "car rain apple", "ÄÖÜ €€€", "bus bus bus bus wheels"]

    @Test func multiClassScoresAreProbabilitiesSummingToOneBestFirst() throws {
        let classifier = try multiClass()
        for text in Self.texts {
            let scores = classifier.predict(text: text, topK: 10)
            #expect(scores.count == 3)
            #expect(scores.allSatisfy { (0...1).contains($0.score) })
            #expect(abs(scores.map(\.score).reduce(0, +) - 1) < 1e-5)
            #expect(scores.map(\.score) == scores.map(\.score).sorted(by: >))
        }
    }

    @Test func multiLabelScoresAreIndependentProbabilities() throws {
        let classifier = try multiLabel()
        for text in Self.texts + ["refund charge asap critical"] {
            let scores = classifier.probabilities(text)
            #expect(scores.count == 3)
            #expect(scores.allSatisfy { (0...1).contains($0) })
        }
        // Two labels both likely: the sum exceeds 1, which a softmax could not give.
        #expect(classifier.probabilities("refund charge asap critical").reduce(0, +) > 1.5)
    }

    @Test func topKLimitsTheResultAndEveryEntryPointAgrees() throws {
        let classifier = try multiClass()
        let text = "car rain apple"
        let all = classifier.predict(text: text, topK: 3)
        #expect(classifier.predict(text: text, topK: 1) == Array(all.prefix(1)))
        #expect(classifier.predict(text: text, topK: 0).isEmpty)
        #expect(classifier.predict(text: text, topK: 99) == all)
        #expect(classifier.predict(Array(text.utf8), topK: 3) == all)
        #expect(classifier.predict(Array(("xx" + text).utf8)[2...], topK: 3) == all)
        var scratch: [Float] = []
        Array(text.utf8).withUnsafeBufferPointer { classifier.scores(utf8: $0, into: &scratch) }
        #expect(scratch == classifier.probabilities(text))
    }

    @Test func tiesAreOrderedByLabelName() {
        let top = Classifier.top([0.25, 0.5, 0.25, 0.5], labels: ["d", "c", "a", "b"], k: 4)
        #expect(top.map(\.name) == ["b", "c", "a", "d"])
        #expect(Classifier.top([0.25, 0.5, 0.25, 0.5], labels: ["d", "c", "a", "b"], k: 3).map(\.name) == ["b", "c", "a"])
    }

    @Test func manyThreadsShareOneClassifierAndGetTheSameScores() throws {
        let classifier = try multiClass()
        let expected = Self.texts.map { classifier.probabilities($0) }
        let mismatches = Mismatches()
        DispatchQueue.concurrentPerform(iterations: 64) { iteration in
            let index = iteration % Self.texts.count
            if classifier.probabilities(Self.texts[index]) != expected[index] { mismatches.add() }
        }
        #expect(mismatches.count == 0)
    }
}

/// A counter the concurrent test's threads bump under a lock.
private final class Mismatches: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
