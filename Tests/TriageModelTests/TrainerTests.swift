import Foundation
import Testing
import TriageCore
@testable import TriageModel

@Suite struct TrainerTests {
    @Test func learnsASeparableMultiClassProblemPerfectly() throws {
        let classifier = try Trainer.train(examples: Fixtures.toy, mode: .multiClass, options: TrainingOptions())
        #expect(classifier.labels == ["fruit", "vehicle", "weather"])
        for example in Fixtures.toy {
            #expect(classifier.predict(text: example.text, topK: 1).first?.name == example.labels[0])
        }
        #expect(classifier.predict(text: "BANANA and Cherry!", topK: 1).first?.name == "fruit")
        let metrics = Evaluator.evaluate(classifier: classifier, test: Fixtures.toy, trainedCount: Fixtures.toy.count)
        #expect(metrics.accuracy == 1)
        #expect(metrics.f1Score == 1)
    }

    @Test func learnsEachLabelIndependentlyInMultiLabelMode() throws {
        let examples = Fixtures.multiLabel
        let classifier = try Trainer.train(examples: examples, mode: .multiLabel, options: TrainingOptions())
        #expect(classifier.labels == ["billing", "technical", "urgent"])
        let both = classifier.predict(text: "refund charge asap critical", topK: 4)
        #expect(Set(both.filter { $0.score >= 0.5 }.map(\.name)) == ["billing", "urgent"])
        let one = classifier.predict(text: "crash error bug", topK: 4)
        #expect(one.filter { $0.score >= 0.5 }.map(\.name) == ["technical"])
        let metrics = Evaluator.evaluate(classifier: classifier, test: examples, trainedCount: examples.count)
        #expect(metrics.accuracy == 1)
        #expect(metrics.hammingLoss == 0)
    }

    @Test func sortsTheLabelTableWhateverTheInputOrder() throws {
        let classifier = try Trainer.train(examples: Fixtures.toy.reversed(), mode: .multiClass, options: Fixtures.smallOptions())
        #expect(classifier.labels == ["fruit", "vehicle", "weather"])
    }

    @Test func theSameSeedGivesByteIdenticalModelFiles() throws {
        try Fixtures.withTemporaryFolder { folder throws in
            let (a, b, c) = (folder + "/a.triage", folder + "/b.triage", folder + "/c.triage")
            try Trainer.train(examples: Fixtures.toy, mode: .multiClass, options: TrainingOptions()).write(to: a)
            try Trainer.train(examples: Fixtures.toy, mode: .multiClass, options: TrainingOptions()).write(to: b)
            var other = TrainingOptions()
            other.seed = 7
            try Trainer.train(examples: Fixtures.toy, mode: .multiClass, options: other).write(to: c)
            let first = try Data(contentsOf: URL(fileURLWithPath: a))
            #expect(first == (try Data(contentsOf: URL(fileURLWithPath: b))))
            #expect(first != (try Data(contentsOf: URL(fileURLWithPath: c))))
        }
    }

    @Test func refusesASingleClass() {
        let examples = [TrainingExample(labels: ["a"], text: "x"), TrainingExample(labels: ["a"], text: "y")]
        let error = #expect(throws: TriageError.self) {
            try Trainer.train(examples: examples, mode: .multiClass, options: TrainingOptions())
        }
        #expect(error?.code == .invalidTrainingData)
        #expect(error?.message.contains("only one class (a)") == true)
    }

    @Test func refusesAMultiClassDocumentWithSeveralClassesNamingItsLine() {
        var examples = Fixtures.toy
        examples.append(TrainingExample(labels: ["fruit", "weather"], text: "apple rain", line: 61, file: "train.csv"))
        let error = #expect(throws: TriageError.self) {
            try Trainer.train(examples: examples, mode: .multiClass, options: TrainingOptions())
        }
        #expect(error?.code == .invalidTrainingData)
        #expect(error?.message.hasPrefix("train.csv:61: ") == true)
    }

    @Test func refusesOptionsOutOfRange() {
        var options: [TrainingOptions] = []
        for change: (inout TrainingOptions) -> Void in [
            { $0.buckets = 0 }, { $0.buckets = TrainingOptions.maximumBuckets + 1 }, { $0.epochs = 0 },
            { $0.learningRate = 0 }, { $0.learningRate = .nan }, { $0.learningRate = .infinity },
        ] {
            var option = TrainingOptions()
            change(&option)
            options.append(option)
        }
        for option in options {
            let error = #expect(throws: TriageError.self) {
                try Trainer.train(examples: Fixtures.toy, mode: .multiClass, options: option)
            }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test func optionsMissingFromOldMetadataTakeTheirDefaults() throws {
        let decoded = try JSONDecoder().decode(TrainingOptions.self, from: Data(#"{"buckets": 64, "seed": 5}"#.utf8))
        var expected = TrainingOptions()
        expected.buckets = 64
        expected.seed = 5
        #expect(decoded == expected)
    }
}
