import Foundation
import Testing
import TriageCore
@testable import TriageModel

@Suite struct EvaluationReportTests {
    @Test func multiClassMatrixCountsActualAgainstPredicted() throws {
        let truth: [Set<String>] = [["a"], ["a"], ["b"], ["b"], ["b"], ["c"]]
        let guess: [Set<String>] = [["a"], ["b"], ["b"], ["b"], ["a"], ["c"]]
        let report = EvaluationReport.compute(truth: truth, predicted: guess, labels: ["a", "b", "c"], mode: .multiClass, trained: 10)
        #expect(report.confusionMatrix.type == "multi_class")
        #expect(report.confusionMatrix.matrix == .counts([[1, 1, 0], [1, 2, 0], [0, 0, 1]]))
        let b = try #require(report.labels.first { $0.name == "b" })
        #expect(b.support == 3)
        #expect(abs(b.precision - 2.0 / 3) < 1e-12)
        #expect(abs(b.recall - 2.0 / 3) < 1e-12)
        #expect(report.labels.map(\.support) == [2, 3, 1])
        #expect(report.metrics.accuracy == 4.0 / 6)
    }

    @Test func labelsOutsideTheModelAreListedInAllLabels() {
        let report = EvaluationReport.compute(
            truth: [["a"], ["new"]], predicted: [["a"], ["a"]], labels: ["a", "b"], mode: .multiClass, trained: 2)
        #expect(report.confusionMatrix.labels == ["a", "b"])
        #expect(report.confusionMatrix.allLabels == ["a", "b", "new"])
        #expect(report.confusionMatrix.matrix == .counts([[1, 0], [0, 0]]))
    }

    @Test func multiLabelHasATwoByTwoMatrixPerLabel() {
        let truth: [Set<String>] = [["x", "y"], ["x"], []]
        let guess: [Set<String>] = [["x"], ["x", "y"], ["y"]]
        let report = EvaluationReport.compute(truth: truth, predicted: guess, labels: ["x", "y"], mode: .multiLabel, trained: 3)
        #expect(report.confusionMatrix.type == "multi_label")
        // [[tn, fp], [fn, tp]]: x is right on all three; y has 1 fn and 2 fp.
        #expect(report.confusionMatrix.matrix == .perLabel([[[1, 0], [0, 2]], [[0, 2], [1, 0]]]))
        #expect(report.labels.map(\.support) == [2, 1])
        #expect(report.labels[1].precision == 0)
    }

    @Test func encodesInComprehendsShape() throws {
        let report = EvaluationReport.compute(
            truth: [["a"], ["b"]], predicted: [["a"], ["a"]], labels: ["a", "b"], mode: .multiClass, trained: 2)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report.confusionMatrix)) as? [String: Any]
        #expect(json?["type"] as? String == "multi_class")
        #expect(json?["matrix"] as? [[Int]] == [[1, 0], [1, 0]])
        #expect(json?["confusion_matrix"] as? [[Int]] == [[1, 0], [1, 0]])
        #expect(json?["labels"] as? [String] == ["a", "b"])
        #expect(json?["all_labels"] as? [String] == ["a", "b"])
    }
}
