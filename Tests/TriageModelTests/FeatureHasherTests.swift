import Foundation
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

    /// The distinct buckets of `text` with their counts, merged by `FeatureHasher.merge`.
    func merged(_ text: String, _ hasher: FeatureHasher? = nil) -> [UInt32: Float] {
        var text = text
        return text.withUTF8 { bytes in
            let capacity = FeatureHasher.capacity(byteCount: bytes.count)
            var features = [UInt32](repeating: 0, count: capacity)
            var counts = [Float](repeating: 0, count: capacity)
            return features.withUnsafeMutableBufferPointer { features in
                counts.withUnsafeMutableBufferPointer { counts in
                    let count = (hasher ?? self.hasher).features(of: bytes, into: features)
                    let distinct = FeatureHasher.merge(features, count: count, counts: counts)
                    var result: [UInt32: Float] = [:]
                    for index in 0..<distinct {
                        #expect(result[features[index]] == nil, "each bucket once")
                        result[features[index]] = counts[index]
                    }
                    return result
                }
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
        // Pinned values: if these change, every model file written before predicts garbage, so the
        // model format version must change with them (format 3 replaced `hash % buckets` by the
        // high half of `hash × buckets`). 0xA430_D846_80AA_BD0B is FNV-1a 64 of "hello".
        #expect(features("hello") == [Int(FeatureHasher.finalize(0xA430_D846_80AA_BD0B) >> 44)])
        #expect(features("hello") == [957_526])
        #expect(features("hello world").count == 3)
        #expect(features("hello world") == features("hello world"))
    }

    @Test func mergesRepeatsIntoCounts() {
        // "spam spam spam spam": unigram spam x4, bigram (spam, spam) x3.
        let repeated = merged("spam spam spam spam")
        #expect(repeated.values.sorted() == [3, 4])
        #expect(merged("alpha beta gamma").values.sorted() == [1, 1, 1, 1, 1])
        #expect(merged("!!!").isEmpty)
    }

    @Test func mergesLongDocumentsExactly() {
        // Checked against a dictionary count over 5,000 words drawn from 37, in a 64-bucket table
        // (so unrelated features collide too, and count as the same bucket).
        var generator = SeededGenerator(seed: 1)
        let words = (0..<5000).map { _ in "w\(generator.next(below: 37))" }
        let small = FeatureHasher(buckets: 64, bigrams: true)
        let text = words.joined(separator: " ")
        var expected: [UInt32: Float] = [:]
        var copy = text
        copy.withUTF8 { _ = small.forEachFeature(in: $0) { expected[UInt32($0), default: 0] += 1 } }
        let total: Float = expected.values.reduce(0, +)
        #expect(total == 9999)
        #expect(merged(text, small) == expected)
    }

    @Test func weighsSublinearTfIdfToUnitLength() {
        // Buckets 0, 1, 2 with counts 1, e, 3 and idf 1, 2, 0 (bucket 2 unseen in training).
        var buckets: [UInt32] = [0, 1, 2]
        var values: [Float] = [1, Float(M_E), 3]
        let idf: [Float] = [1, 99, 2, 99, 0, 99]  // stride 2: every other value is not an idf
        buckets.withUnsafeMutableBufferPointer { buckets in
            values.withUnsafeMutableBufferPointer { values in
                TermWeights.weigh(buckets: buckets, values: values, count: 3, idf: idf, stride: 2)
            }
        }
        // Raw weights 1 x 1, (1 + ln e) x 2 = 4, and 0: norm sqrt(17).
        let norm = Float(17).squareRoot()
        #expect(abs(values[0] - 1 / norm) < 1e-6)
        #expect(abs(values[1] - 4 / norm) < 1e-6)
        #expect(values[2] == 0)
        // Nothing known: all zero, no division by zero.
        var unknown: [UInt32] = [2]
        var count: [Float] = [5]
        unknown.withUnsafeMutableBufferPointer { buckets in
            count.withUnsafeMutableBufferPointer { TermWeights.weigh(buckets: buckets, values: $0, count: 1, idf: idf, stride: 2) }
        }
        #expect(count == [0])
    }

    @Test func idfFollowsScikitLearnsSmoothedFormula() {
        let idf = TermWeights.inverseDocumentFrequencies([0, 1, 4], documents: 4)
        #expect(idf[0] == 0)
        #expect(abs(idf[1] - Float(log(5.0 / 2) + 1)) < 1e-6)
        #expect(abs(idf[2] - 1) < 1e-6)
    }

    @Test func neverNeedsMoreRoomThanTheCapacity() {
        let marks = FeatureHasher(buckets: 1 << 20, bigrams: true, punctuation: true)
        for text in ["a", "a b", "a b c d e f g", "ab cd", "a,b,c,d", "x y z w v u t s r q", "!!!", "a!b?c", "?", "!a!"] {
            #expect(features(text).count <= FeatureHasher.capacity(byteCount: text.utf8.count))
            #expect(features(text, marks).count <= FeatureHasher.capacity(byteCount: text.utf8.count))
        }
    }

    @Test func punctuationMarksAreWordsOfTheirOwnButJoinersSeparate() {
        let marks = FeatureHasher(buckets: 1 << 20, bigrams: true, punctuation: true)
        // "yow" "!" "!": 3 words, 2 bigrams.
        #expect(features("YOW!!", marks).count == 5)
        #expect(features("yow !!", marks) == features("YOW!!", marks))
        #expect(features("Q: why? A: because", marks) != features("Q why A because", marks))
        // Joiners inside names and numbers separate words as spaces do.
        #expect(features("python3-foo lib_x a/b 2.0", marks) == features("python3 foo lib x a b 2 0", marks))
        // Without the option, marks are separators.
        #expect(features("YOW!!") == features("yow"))
        #expect(FeatureHasher.isPunctuation(UInt8(ascii: "!")) && !FeatureHasher.isPunctuation(UInt8(ascii: "-")))
    }
}

@Suite struct FeatureHasherBucketTests {
    @Test func spreadsFinalizedHashesEvenlyOverAnyNumberOfBuckets() {
        for count in [1, 7, 64, 200] {
            var seen = [Int](repeating: 0, count: count)
            for value in 0..<UInt64(20_000) {
                let bucket = FeatureHasher.bucket(FeatureHasher.finalize(value), of: UInt64(count))
                #expect((0..<count).contains(bucket))
                seen[bucket] += 1
            }
            let expected = 20_000 / count
            // 100 expected per bucket at most: a standard deviation of 10, so 40% is 4 of them.
            #expect(seen.allSatisfy { abs($0 - expected) < max(5, expected * 2 / 5) }, "\(count) buckets")
        }
    }
}
