import Foundation
import Testing
import TriageCore
@testable import TriageModel

@Suite struct EvaluationMetricsTests {
    @Test func multiClassMetricsMatchAHandComputation() {
        // truth:     a a b b c
        // predicted: a b b b a
        // a: tp 1, fp 1, fn 1 -> P 1/2, R 1/2, F1 1/2
        // b: tp 2, fp 1, fn 0 -> P 2/3, R 1,   F1 0.8
        // c: tp 0, fp 0, fn 1 -> P 0,   R 0,   F1 0
        // macro P = (1/2 + 2/3 + 0) / 3 = 7/18, R = (1/2 + 1 + 0) / 3 = 1/2, F1 = (0.5 + 0.8) / 3 = 13/30
        // micro: tp 3, fp 2, fn 2 -> 3/5 each; accuracy 3/5
        // Hamming: 2 wrong decisions per wrong document, 2 wrong documents / (5 docs x 3 labels) = 4/15
        let metrics = EvaluationMetrics.compute(
            truth: [["a"], ["a"], ["b"], ["b"], ["c"]], predicted: [["a"], ["b"], ["b"], ["b"], ["a"]],
            labels: ["a", "b", "c"], trained: 50)
        #expect(abs(metrics.accuracy - 0.6) < 1e-12)
        #expect(abs(metrics.precision - 7.0 / 18) < 1e-12)
        #expect(abs(metrics.recall - 0.5) < 1e-12)
        #expect(abs(metrics.f1Score - 13.0 / 30) < 1e-12)
        #expect(abs(metrics.microPrecision - 0.6) < 1e-12)
        #expect(abs(metrics.microRecall - 0.6) < 1e-12)
        #expect(abs(metrics.microF1Score - 0.6) < 1e-12)
        #expect(abs(metrics.hammingLoss - 4.0 / 15) < 1e-12)
        #expect(metrics.numberOfLabels == 3)
        #expect(metrics.numberOfTrainedDocuments == 50)
        #expect(metrics.numberOfTestDocuments == 5)
    }

    @Test func multiLabelMetricsMatchAHandComputation() {
        // doc 1: truth {x, y}, predicted {x}      -> x tp, y fn; 1 wrong decision
        // doc 2: truth {y},    predicted {y, z}   -> y tp, z fp; 1 wrong decision
        // doc 3: truth {z},    predicted {z}      -> z tp
        // x: P 1, R 1 -> F1 1;  y: tp 1, fn 1 -> P 1, R 1/2, F1 2/3;  z: tp 1, fp 1 -> P 1/2, R 1, F1 2/3
        // macro P = 2.5/3, R = 2.5/3, F1 = (1 + 2/3 + 2/3) / 3 = 7/9
        // micro: tp 3, fp 1, fn 1 -> P 3/4, R 3/4, F1 3/4; exact matches 1/3; Hamming 2 / (3 x 3) = 2/9
        let metrics = EvaluationMetrics.compute(
            truth: [["x", "y"], ["y"], ["z"]], predicted: [["x"], ["y", "z"], ["z"]], labels: ["x", "y", "z"], trained: 9)
        #expect(abs(metrics.accuracy - 1.0 / 3) < 1e-12)
        #expect(abs(metrics.precision - 2.5 / 3) < 1e-12)
        #expect(abs(metrics.recall - 2.5 / 3) < 1e-12)
        #expect(abs(metrics.f1Score - 7.0 / 9) < 1e-12)
        #expect(abs(metrics.microF1Score - 0.75) < 1e-12)
        #expect(abs(metrics.hammingLoss - 2.0 / 9) < 1e-12)
    }

    @Test func anEmptyPredictedSetCountsAsMissedLabels() {
        // doc 1: truth {x}, predicted {} -> x fn; doc 2: truth {y}, predicted {y} -> y tp.
        // x: P 0 (undefined), R 0, F1 0; y: P 1, R 1, F1 1 -> macro P 1/2, R 1/2, F1 1/2.
        // micro: tp 1, fp 0, fn 1 -> P 1, R 1/2, F1 2/3; Hamming 1 / (2 docs x 2 labels) = 1/4.
        let metrics = EvaluationMetrics.compute(truth: [["x"], ["y"]], predicted: [[], ["y"]], labels: ["x", "y"], trained: 4)
        #expect(metrics.accuracy == 0.5)
        #expect(metrics.precision == 0.5)
        #expect(metrics.recall == 0.5)
        #expect(metrics.f1Score == 0.5)
        #expect(metrics.microPrecision == 1)
        #expect(metrics.microRecall == 0.5)
        #expect(abs(metrics.microF1Score - 2.0 / 3) < 1e-12)
        #expect(metrics.hammingLoss == 0.25)
    }

    @Test func noTestDocumentsGiveZerosNotNaN() throws {
        let metrics = EvaluationMetrics.compute(truth: [], predicted: [], labels: ["a", "b"], trained: 3)
        #expect(metrics.accuracy == 0)
        #expect(metrics.f1Score == 0)
        #expect(metrics.hammingLoss == 0)
        #expect(metrics.numberOfTestDocuments == 0)
        _ = try JSONEncoder().encode(metrics)
    }

    @Test func encodesWithSortedKeysTheSameEveryTime() throws {
        let metrics = EvaluationMetrics.compute(truth: [["a"]], predicted: [["a"]], labels: ["a", "b"], trained: 1)
        let json = String(decoding: try JSONCoding.lineEncoder().encode(metrics), as: UTF8.self)
        #expect(json == #"{"Accuracy":1,"F1Score":1,"HammingLoss":0,"MicroF1Score":1,"MicroPrecision":1,"MicroRecall":1,"#
            + #""NumberOfLabels":2,"NumberOfTestDocuments":1,"NumberOfTrainedDocuments":1,"Precision":1,"Recall":1}"#)
        let decoded = try JSONDecoder().decode(EvaluationMetrics.self, from: Data(json.utf8))
        #expect(decoded == metrics)
    }

    @Test func encodesUnderComprehendsNames() throws {
        let metrics = EvaluationMetrics.compute(truth: [["a"]], predicted: [["a"]], labels: ["a", "b"], trained: 1)
        let keys = (try JSONSerialization.jsonObject(with: JSONEncoder().encode(metrics)) as? [String: Any] ?? [:]).keys
        #expect(Set(keys) == [
            "Accuracy", "Precision", "Recall", "F1Score", "MicroPrecision", "MicroRecall", "MicroF1Score", "HammingLoss",
            "NumberOfLabels", "NumberOfTrainedDocuments", "NumberOfTestDocuments",
        ])
    }
}
