/// Turns UTF-8 text into hashed word unigram and bigram features, with no allocation per token.
///
/// Word characters are ASCII letters and digits (lowercased) and every byte of a multi-byte UTF-8
/// sequence; everything else separates words. Each token is hashed with FNV-1a (64 bits); a bigram's
/// hash mixes its two words' hashes. Features are bucket indexes in `0..<buckets`.
struct FeatureHasher {
    let buckets: Int
    let bigrams: Bool

    private static let fnvOffset: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    /// Calls `body` with the bucket of every feature of `text`, in order; returns how many there were.
    @inline(__always)
    func forEachFeature(in text: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) -> Int {
        let bucketCount = UInt64(buckets)
        var count = 0
        var hash = Self.fnvOffset
        var inWord = false
        var previous: UInt64 = 0
        var hasPrevious = false

        @inline(__always) func endWord() {
            let word = Self.finalize(hash)
            body(Int(word % bucketCount))
            count += 1
            if bigrams && hasPrevious {
                let pair = Self.finalize(previous &* 0x9E37_79B9_7F4A_7C15 ^ word ^ 0x5851_F42D_4C95_7F2D)
                body(Int(pair % bucketCount))
                count += 1
            }
            previous = word
            hasPrevious = true
            hash = Self.fnvOffset
            inWord = false
        }

        for byte in text {
            var value = byte
            let isWord: Bool
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...0xFF:
                isWord = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                value = byte | 0x20
                isWord = true
            default:
                isWord = false
            }
            if isWord {
                hash = (hash ^ UInt64(value)) &* Self.fnvPrime
                inWord = true
            } else if inWord {
                endWord()
            }
        }
        if inWord { endWord() }
        return count
    }

    /// A final avalanche so that nearby FNV hashes spread over the buckets.
    @inline(__always)
    static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return z ^ (z >> 33)
    }
}
