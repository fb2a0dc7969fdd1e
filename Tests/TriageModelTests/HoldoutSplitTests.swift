import Testing
@testable import TriageModel

@Suite struct HoldoutSplitTests {
    let examples: [TrainingExample] =
        (0..<50).map { TrainingExample(labels: ["a"], text: "a\($0)") }
        + (0..<20).map { TrainingExample(labels: ["b"], text: "b\($0)") }
        + (0..<3).map { TrainingExample(labels: ["c"], text: "c\($0)") }
        + [TrainingExample(labels: ["d"], text: "d0")]

    @Test func holdsOutTenPercentOfEachClassKeepingOneInTraining() {
        let (train, test) = HoldoutSplit.stratified(examples, fraction: 0.1, seed: 42)
        func count(_ list: [TrainingExample], _ label: String) -> Int { list.filter { $0.labels == [label] }.count }
        #expect(count(test, "a") == 5)
        #expect(count(test, "b") == 2)
        #expect(count(test, "c") == 1)
        #expect(count(test, "d") == 0)
        #expect(count(train, "d") == 1)
        #expect(train.count + test.count == examples.count)
        #expect(Set(train.map(\.text)).isDisjoint(with: test.map(\.text)))
    }

    @Test func aZeroFractionHoldsOutNothing() {
        let (train, test) = HoldoutSplit.stratified(examples, fraction: 0, seed: 42)
        #expect(train == examples)
        #expect(test.isEmpty)
    }

    @Test func stratifiesMultiLabelDocumentsByLabelSetAndKeepsInputOrder() {
        let labelled = (0..<10).flatMap { i in
            [
                TrainingExample(labels: ["x"], text: "x\(i)", line: 3 * i),
                TrainingExample(labels: ["x", "y"], text: "xy\(i)", line: 3 * i + 1),
                TrainingExample(labels: ["y", "x"], text: "yx\(i)", line: 3 * i + 2),
            ]
        }
        let (train, test) = HoldoutSplit.stratified(labelled, fraction: 0.2, seed: 3)
        // {x}: 10 documents -> 2; {x, y} in either order: 20 documents -> 4.
        #expect(test.filter { $0.labels == ["x"] }.count == 2)
        #expect(test.filter { $0.labels.count == 2 }.count == 4)
        #expect(train.map(\.line) == train.map(\.line).sorted())
        #expect(test.map(\.line) == test.map(\.line).sorted())
    }

    @Test func theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        let first = HoldoutSplit.stratified(examples, seed: 1)
        let again = HoldoutSplit.stratified(examples, seed: 1)
        let other = HoldoutSplit.stratified(examples, seed: 2)
        #expect(first.test == again.test)
        #expect(first.test != other.test)
    }
}
