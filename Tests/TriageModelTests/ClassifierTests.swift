import Foundation
import Testing
import TriageCore
@testable import TriageModel

@Suite struct ClassifierTests {
    static let toy: [TrainingExample] = (0..<20).flatMap { i in
        [
            TrainingExample(labels: ["fruit"], text: "apple banana cherry \(i % 3 == 0 ? "mango" : "pear") juice"),
            TrainingExample(labels: ["vehicle"], text: "car truck bus \(i % 2 == 0 ? "train" : "bicycle") wheels"),
            TrainingExample(labels: ["weather"], text: "rain snow wind \(i % 4 == 0 ? "storm" : "sunny") forecast"),
        ]
    }

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("triage-model-\(UUID().uuidString).triage").path
    }

    @Test func learnsASeparableToyProblemPerfectly() throws {
        let classifier = try Trainer.train(examples: Self.toy, mode: .multiClass, options: TrainingOptions())
        #expect(classifier.labels == ["fruit", "vehicle", "weather"])
        for example in Self.toy {
            #expect(classifier.predict(text: example.text, topK: 1).first?.name == example.labels[0])
        }
        #expect(classifier.predict(text: "BANANA and Cherry!", topK: 1).first?.name == "fruit")
    }

    @Test func multiClassScoresAreProbabilitiesSummingToOne() throws {
        let classifier = try Trainer.train(examples: Self.toy, mode: .multiClass, options: TrainingOptions())
        for text in ["apple", "unknown words only", "", "car rain apple", "ÄÖÜ €€€"] {
            let scores = classifier.predict(text: text, topK: 10)
            #expect(scores.count == 3)
            #expect(scores.allSatisfy { (0...1).contains($0.score) })
            #expect(abs(scores.map(\.score).reduce(0, +) - 1) < 1e-5)
            #expect(scores.map(\.score) == scores.map(\.score).sorted(by: >))
        }
    }

    @Test func multiLabelLearnsEachLabelIndependently() throws {
        let examples = (0..<15).flatMap { i in
            [
                TrainingExample(labels: ["billing"], text: "refund charge invoice \(i)"),
                TrainingExample(labels: ["urgent"], text: "asap critical now \(i)"),
                TrainingExample(labels: ["billing", "urgent"], text: "refund charge asap critical \(i)"),
                TrainingExample(labels: ["technical"], text: "crash error bug \(i)"),
            ]
        }
        let classifier = try Trainer.train(examples: examples, mode: .multiLabel, options: TrainingOptions())
        let both = classifier.predict(text: "refund charge asap critical", topK: 4)
        #expect(Set(both.filter { $0.score >= 0.5 }.map(\.name)) == ["billing", "urgent"])
        let one = classifier.predict(text: "crash error bug", topK: 4)
        #expect(one.filter { $0.score >= 0.5 }.map(\.name) == ["technical"])
        let metrics = Evaluator.evaluate(classifier: classifier, test: examples, trainedCount: examples.count)
        #expect(metrics.accuracy == 1)
        #expect(metrics.hammingLoss == 0)
    }

    @Test func theSameSeedGivesByteIdenticalModelFiles() throws {
        let a = temporaryPath(), b = temporaryPath(), c = temporaryPath()
        defer { for path in [a, b, c] { try? FileManager.default.removeItem(atPath: path) } }
        try Trainer.train(examples: Self.toy, mode: .multiClass, options: TrainingOptions()).write(to: a)
        try Trainer.train(examples: Self.toy, mode: .multiClass, options: TrainingOptions()).write(to: b)
        var other = TrainingOptions()
        other.seed = 7
        try Trainer.train(examples: Self.toy, mode: .multiClass, options: other).write(to: c)
        let first = try Data(contentsOf: URL(fileURLWithPath: a))
        #expect(first == (try Data(contentsOf: URL(fileURLWithPath: b))))
        #expect(first != (try Data(contentsOf: URL(fileURLWithPath: c))))
    }

    @Test func saveAndLoadGiveIdenticalPredictions() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = TrainingOptions()
        options.buckets = 4096
        let trained = try Trainer.train(examples: Self.toy, mode: .multiLabel, options: options)
        try trained.write(to: path)
        let loaded = try Classifier.load(path: path)
        #expect(loaded.labels == trained.labels)
        #expect(loaded.mode == .multiLabel)
        #expect(loaded.options == options)
        for text in ["apple juice", "bus wheels storm", "nothing known"] {
            #expect(loaded.probabilities(text) == trained.probabilities(text))
        }
    }

    @Test func damagedFilesAreRefusedWithAMessageNamingThem() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = TrainingOptions()
        options.buckets = 1024
        try Trainer.train(examples: Self.toy, mode: .multiClass, options: options).write(to: path)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))

        func refusal(_ bytes: Data) throws -> String {
            try bytes.write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: TriageError.self) { try Classifier.load(path: path) }
            #expect(error?.code == .invalidModel)
            #expect(error?.message.contains(path) == true)
            return error?.message ?? ""
        }
        var flipped = good
        flipped[good.count - 10] ^= 0x40
        #expect(try refusal(flipped).contains("corrupted (checksum mismatch)"))
        #expect(try refusal(good.prefix(good.count - 100)).contains("truncated"))
        #expect(try refusal(good.prefix(20)).contains("truncated"))
        #expect(try refusal(Data("label,text\nspam,hello\n".utf8)).contains("is not a Triage model"))
        var newer = good
        newer[8] = 2
        #expect(try refusal(newer).contains("newer Triage (format version 2); this build reads version 1"))
        let missing = #expect(throws: TriageError.self) { try Classifier.load(path: path + ".missing") }
        #expect(missing?.message.contains("does not exist") == true)
    }

    @Test func theParametersAre64ByteAlignedForMapping() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = TrainingOptions()
        options.buckets = 100
        try Trainer.train(examples: Self.toy, mode: .multiClass, options: options).write(to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.prefix(8) == Data("TRIAGEMD".utf8))
        let offset = bytes[32..<40].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(offset % 64 == 0)
        #expect(bytes.count == offset + (100 + 1) * 3 * 4)
    }
}
