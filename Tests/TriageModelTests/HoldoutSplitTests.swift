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

    @Test func theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        let first = HoldoutSplit.stratified(examples, seed: 1)
        let again = HoldoutSplit.stratified(examples, seed: 1)
        let other = HoldoutSplit.stratified(examples, seed: 2)
        #expect(first.test == again.test)
        #expect(first.test != other.test)
    }
}
