import Testing
@testable import TriageModel

@Suite struct SeededGeneratorTests {
    @Test func producesTheReferenceSplitMix64Sequence() {
        // The first outputs of Vigna's splitmix64.c started from state 0.
        var generator = SeededGenerator(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func boundedDrawsStayInRange() {
        var generator = SeededGenerator(seed: 9)
        for bound in [1, 2, 3, 7, 1000, Int(Int32.max)] {
            for _ in 0..<200 {
                #expect((0..<bound).contains(generator.next(below: bound)))
            }
        }
    }

    @Test func shufflesIntoAPermutationThatDependsOnlyOnTheSeed() {
        var first = Array(0..<50)
        var again = Array(0..<50)
        var other = Array(0..<50)
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        a.shuffle(&first)
        b.shuffle(&again)
        c.shuffle(&other)
        #expect(first == again)
        #expect(first != other)
        #expect(first != Array(0..<50))
        #expect(first.sorted() == Array(0..<50))
    }
}
