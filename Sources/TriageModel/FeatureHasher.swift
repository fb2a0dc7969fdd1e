/// Turns UTF-8 text into hashed word unigram and bigram features, with no allocation per token.
///
/// Word characters are ASCII letters and digits (lowercased) and every byte >= 0x80 (so any
/// non-ASCII letter is part of a word); everything else separates words, and with `punctuation`
/// each punctuation mark (see `isPunctuation`) is also a one-character word of its own. Each word is hashed with
/// FNV-1a (64 bits) and a final avalanche; a bigram's hash mixes its two words' hashes. Features are
/// bucket indexes in `0..<buckets` (see `bucket(_:of:)`). `TermWeights` turns the counts into the document's vector.
struct FeatureHasher {
    /// The number of buckets features are hashed into.
    let buckets: Int
    /// Whether word bigrams are features besides words.
    let bigrams: Bool
    /// Whether ASCII punctuation characters are words of their own rather than separators.
    var punctuation: Bool = false

    private static let fnvOffset: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    /// The most features `byteCount` bytes of text can give, the capacity `features(of:into:)` needs.
    ///
    /// Words (punctuation characters included) are at least one byte, so `w <= n` and the `2w - 1`
    /// unigrams and bigrams are fewer than `2n`.
    static func capacity(byteCount: Int) -> Int { max(1, 2 * byteCount) }

    /// ASCII punctuation that is not part of a compound word: `!"#$%&'()*+,:;<=>?@[\]^`{|}~`.
    /// `-`, `_`, `/` and `.` join parts of names, versions and paths (`e-mail`, `lib_x`,
    /// `a/b`, `2.0`) and separate words like spaces.
    @inline(__always)
    static func isPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: "."): false
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: true
        default: false
        }
    }

    /// Calls `body` with the bucket of every feature of `text`, in text order; returns how many there were.
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
            body(Self.bucket(word, of: bucketCount))
            count += 1
            if bigrams && hasPrevious {
                let pair = Self.finalize(previous &* 0x9E37_79B9_7F4A_7C15 ^ word ^ 0x5851_F42D_4C95_7F2D)
                body(Self.bucket(pair, of: bucketCount))
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
            } else {
                if inWord { endWord() }
                if punctuation, Self.isPunctuation(byte) {
                    // A one-character word of its own.
                    hash = (hash ^ UInt64(byte)) &* Self.fnvPrime
                    endWord()
                }
            }
        }
        if inWord { endWord() }
        return count
    }

    /// Writes the buckets of `text`'s features into `scratch` in text order and returns how many
    /// there are. `scratch` holds at least `capacity(byteCount: text.count)` values.
    func features(of text: UnsafeBufferPointer<UInt8>, into scratch: UnsafeMutableBufferPointer<UInt32>) -> Int {
        var count = 0
        _ = forEachFeature(in: text) { bucket in
            if count < scratch.count {
                scratch[count] = UInt32(truncatingIfNeeded: bucket)
                count += 1
            }
        }
        return count
    }

    /// Merges repeated buckets: on return `features[0..<distinct]` holds each bucket once, in order
    /// of first occurrence, and `counts[i]` how often `features[i]` occurred; returns `distinct`.
    ///
    /// One pass with a small open-addressing table in temporary memory (on the stack when small), no
    /// sorting. `counts` holds at least `count` values.
    static func merge(
        _ features: UnsafeMutableBufferPointer<UInt32>, count: Int, counts: UnsafeMutableBufferPointer<Float>
    ) -> Int {
        guard count > 0 else { return 0 }
        // A power of two at least twice the features: the table is at most half full.
        let size = 1 << (Int.bitWidth - (2 * count - 1).leadingZeroBitCount)
        let mask = size - 1
        let shift = UInt64(Int.bitWidth - size.trailingZeroBitCount)
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: size) { table in
            // An entry is (bucket + 1) << 32 | its index in the output; 0 is empty.
            table.initialize(repeating: 0)
            var distinct = 0
            for index in 0..<count {
                let bucket = features[index]
                let key = UInt64(bucket) &+ 1
                var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) & mask
                while true {
                    let entry = table[slot]
                    if entry == 0 {
                        table[slot] = key << 32 | UInt64(distinct)
                        features[distinct] = bucket
                        counts[distinct] = 1
                        distinct += 1
                        break
                    }
                    if entry >> 32 == key {
                        counts[Int(truncatingIfNeeded: entry & 0xFFFF_FFFF)] += 1
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
            return distinct
        }
    }

    /// The bucket in `0..<count` of a finalized hash: its high bits scaled to the range (one
    /// multiplication, where `%` is a division that costs tens of cycles per feature).
    @inline(__always)
    static func bucket(_ hash: UInt64, of count: UInt64) -> Int {
        Int(truncatingIfNeeded: hash.multipliedFullWidth(by: count).high)
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
