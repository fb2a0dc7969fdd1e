import Foundation
import TriageTestSupport
@testable import TriageModel

/// Small training sets and a temporary folder shared by the model tests.
enum Fixtures {
    /// Three classes with disjoint vocabularies: any sane linear model separates them perfectly.
    static let toy: [TrainingExample] = (0..<20).flatMap { i in
        [
            TrainingExample(labels: ["fruit"], text: "apple banana cherry \(i % 3 == 0 ? "mango" : "pear") juice", line: 3 * i + 1),
            TrainingExample(labels: ["vehicle"], text: "car truck bus \(i % 2 == 0 ? "train" : "bicycle") wheels", line: 3 * i + 2),
            TrainingExample(labels: ["weather"], text: "rain snow wind \(i % 4 == 0 ? "storm" : "sunny") forecast", line: 3 * i + 3),
        ]
    }

    /// Four labels where `billing` and `urgent` also occur together.
    static let multiLabel: [TrainingExample] = (0..<15).flatMap { i in
        [
            TrainingExample(labels: ["billing"], text: "refund charge invoice \(i)"),
            TrainingExample(labels: ["urgent"], text: "asap critical now \(i)"),
            TrainingExample(labels: ["billing", "urgent"], text: "refund charge asap critical \(i)"),
            TrainingExample(labels: ["technical"], text: "crash error bug \(i)"),
        ]
    }

    /// Options with a small table, so tests write small files.
    static func smallOptions(buckets: Int = 4096) -> TrainingOptions {
        var options = TrainingOptions()
        options.buckets = buckets
        return options
    }

    /// Runs `body` with a new temporary folder (TriageTestSupport's), removed afterwards.
    static func withTemporaryFolder<T>(_ body: (String) throws -> T) throws -> T {
        let folder = try TemporaryFolder()
        return try withExtendedLifetime(folder) { try body(folder.path) }
    }
}
