/// Where a model's numbers sit in one 64-byte aligned block, the same in memory and in the file
/// (so that loading is a memory map):
///
/// | offset | size | content |
/// | --- | --- | --- |
/// | 0 | 4 × labels, padded to 64 | Float32 bias of each label |
/// | `bucketsOffset` | 8 × buckets, padded to 64 | per bucket: Float32 idf, Float32 weight scale |
/// | `rowsOffset` | buckets × `rowStride` | per bucket: an Int8 weight per label, zero padding |
///
/// A weight is its Int8 value × its bucket's scale: weights are quantised to 8 bits per bucket
/// (the bucket's largest magnitude maps to 127), a quarter of the size of Float32 weights, so a
/// 57-label model with 2^19 buckets is 36 MB instead of 120 MB, at no measurable cost in accuracy.
///
/// On models larger than the CPU's caches, scoring is bounded by the cache lines a feature
/// touches: its bucket's idf and scale (8 bytes, eight buckets to a line, so the common words'
/// stay cached) and its weight row. A row is padded to a power of two up to 64 bytes, and beyond
/// that to a multiple of 64, so that no row straddles more cache lines than its size needs: a
/// 30-label row is 32 bytes, always within one line, where an unpadded 38-byte row would
/// straddle two more than half the time.
struct ModelBody: Equatable {
    let buckets: Int
    let classes: Int

    /// The bucket table: idf and scale of bucket `b` are the Floats `2b` and `2b + 1` from here.
    var bucketsOffset: Int { Self.aligned(classes * MemoryLayout<Float>.size) }
    var rowsOffset: Int { bucketsOffset + Self.aligned(buckets * 8) }
    /// Bytes per weight row: the labels' Int8 weights, padded as the type's summary says.
    var rowStride: Int { Self.stride(classes: classes) }
    var byteCount: Int { rowsOffset + buckets * rowStride }

    /// The layout for `buckets` × `classes`, or nil when its size overflows `Int`.
    init?(buckets: Int, classes: Int) {
        guard buckets >= 1, classes >= 1, classes < Int.max / 128 else { return nil }
        let (rows, overflow) = buckets.multipliedReportingOverflow(by: Self.stride(classes: classes) + 8)
        guard !overflow, rows < Int.max / 2 else { return nil }
        self.buckets = buckets
        self.classes = classes
    }

    /// A power of two at least `classes` up to 64, beyond that `classes` rounded up to 64.
    static func stride(classes: Int) -> Int {
        classes > 64 ? aligned(classes) : 1 << (Int.bitWidth - (classes - 1).leadingZeroBitCount)
    }

    /// `value` rounded up to a multiple of 64.
    static func aligned(_ value: Int) -> Int { (value + 63) / 64 * 64 }

    /// Fills a body at `base` from Float32 `weights` (`[bucket][label]`), `bias` and `idf`,
    /// quantising each bucket's weights to Int8.
    func fill(
        _ base: UnsafeMutableRawPointer, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, idf: [Float]
    ) {
        base.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        let biases = base.assumingMemoryBound(to: Float.self)
        for c in 0..<classes { biases[c] = bias[c] }
        let table = (base + bucketsOffset).assumingMemoryBound(to: Float.self)
        for bucket in 0..<buckets {
            let source = weights + bucket * classes
            var largest: Float = 0
            for c in 0..<classes { largest = max(largest, abs(source[c])) }
            let scale = largest / 127
            table[2 * bucket] = idf[bucket]
            table[2 * bucket + 1] = scale
            guard scale > 0 else { continue }
            let out = (base + rowsOffset + bucket * rowStride).assumingMemoryBound(to: Int8.self)
            for c in 0..<classes { out[c] = Int8(max(-127, min(127, (source[c] / scale).rounded()))) }
        }
    }
}
