import Testing
@testable import TriageModel

@Suite struct FeatureHasherTests {
    let hasher = FeatureHasher(buckets: 1 << 20, bigrams: true)

    func features(_ text: String, _ hasher: FeatureHasher? = nil) -> [Int] {
        var list: [Int] = []
        var text = text
        text.withUTF8 { _ = (hasher ?? self.hasher).forEachFeature(in: $0) { list.append($0) } }
        return list
    }

    func vector(_ text: String) -> (features: [UInt32], scale: Float) {
        var text = text
        return text.withUTF8 { bytes in
            var scratch = [UInt32](repeating: 0, count: FeatureHasher.capacity(byteCount: bytes.count))
            return scratch.withUnsafeMutableBufferPointer { buffer in
                let count = hasher.features(of: bytes, into: buffer)
                return (Array(buffer[..<count]).sorted(), FeatureHasher.unitScale(buffer, count: count))
            }
        }
    }

    @Test func givesEachWordAndEachAdjacentPairAFeature() {
        // 3 words -> 3 unigrams interleaved with 2 bigrams.
        #expect(features("alpha beta gamma").count == 5)
        #expect(features("alpha beta gamma", FeatureHasher(buckets: 1 << 20, bigrams: false)).count == 3)
        #expect(features("").isEmpty)
        #expect(features(" ,.;!? ").isEmpty)
    }

    @Test func lowercasesAsciiAndSplitsOnPunctuation() {
        #expect(features("Hello, WORLD!") == features("hello world"))
        #expect(features("e-mail") == features("e mail"))
        #expect(features("hello world") != features("world hello"))
    }

    @Test func keepsNonAsciiBytesInsideWords() {
        #expect(features("café").count == 1)
        #expect(features("naïve Müller").count == 3)
        #expect(features("café") != features("caf"))
        #expect(features("日本語のテキスト").count == 1)
    }

    @Test func hashesStablyAcrossBuildsSoOldModelsStillRead() {
        // Pinned values: if these change, every model file written before predicts garbage.
        #expect(features("hello") == [Int(FeatureHasher.finalize(0xA430_D846_80AA_BD0B) % (1 << 20))])
        #expect(features("hello world").count == 3)
        #expect(features("hello world") == features("hello world"))
    }

    @Test func scalesDocumentsToUnitLengthCountingRepeats() {
        // "spam spam spam spam": unigram spam x4, bigram (spam, spam) x3 -> norm sqrt(16 + 9) = 5.
        let repeated = vector("spam spam spam spam")
        #expect(repeated.features.count == 7)
        #expect(Set(repeated.features).count == 2)
        #expect(abs(repeated.scale - 0.2) < 1e-7)
        // Five distinct features -> 1 / sqrt(5).
        #expect(abs(vector("alpha beta gamma").scale - 1 / Float(5).squareRoot()) < 1e-7)
        #expect(vector("!!!").scale == 0)
    }

    @Test func theUnitScaleCountsRepeatsExactlyInLongDocuments() {
        // Checked against a dictionary count over 5,000 words drawn from 37, in a 64-bucket table
        // (so unrelated features collide too, and count as the same bucket).
        var generator = SeededGenerator(seed: 1)
        let words = (0..<5000).map { _ in "w\(generator.next(below: 37))" }
        let small = FeatureHasher(buckets: 64, bigrams: true)
        var text = words.joined(separator: " ")
        let (buckets, scale) = text.withUTF8 { bytes in
            var scratch = [UInt32](repeating: 0, count: FeatureHasher.capacity(byteCount: bytes.count))
            return scratch.withUnsafeMutableBufferPointer { buffer in
                let count = small.features(of: bytes, into: buffer)
                return (Array(buffer[..<count]), FeatureHasher.unitScale(buffer, count: count))
            }
        }
        #expect(buckets.count == 2 * 5000 - 1)
        let counts = Dictionary(buckets.map { ($0, 1) }, uniquingKeysWith: +)
        let squares = counts.values.reduce(0) { $0 + $1 * $1 }
        #expect(abs(scale - Float(1 / Double(squares).squareRoot())) < 1e-9)
    }

    @Test func neverNeedsMoreRoomThanTheTextHasBytes() {
        for text in ["a", "a b", "a b c d e f g", "ab cd", "a,b,c,d", "x y z w v u t s r q"] {
            #expect(features(text).count <= FeatureHasher.capacity(byteCount: text.utf8.count))
        }
    }
}
