/// Where a model's numbers sit in one 64-byte aligned block, the same in memory and in the file
/// (so that loading is a memory map):
///
/// | offset | size | content |
/// | --- | --- | --- |
/// | 0 | 8 × buckets | per bucket: Float32 idf, Float32 scale of its weight row |
/// | `biasOffset` | 4 × labels, padded to 64 | Float32 bias of each label |
/// | `weightsOffset` | buckets × labels | Int8 weights `[bucket][label]`; a weight is its value × its row's scale |
///
/// Weights are quantised to 8 bits per row (the row's largest magnitude maps to 127): a quarter of
/// the size of Float32 weights, so a 57-class model with 2^18 buckets is 16 MB instead of 60 MB,
/// at no measurable cost in accuracy.
struct ModelBody: Equatable {
    let buckets: Int
    let classes: Int

    /// Bytes of the per-bucket table.
    var tableBytes: Int { buckets * 2 * MemoryLayout<Float>.size }
    var biasOffset: Int { Self.aligned(tableBytes) }
    var weightsOffset: Int { biasOffset + Self.aligned(classes * MemoryLayout<Float>.size) }
    var byteCount: Int { weightsOffset + buckets * classes }

    /// The layout for `buckets` × `classes`, or nil when its size overflows `Int`.
    init?(buckets: Int, classes: Int) {
        guard buckets >= 1, classes >= 1 else { return nil }
        let (weights, overflow) = buckets.multipliedReportingOverflow(by: classes)
        guard !overflow, weights < Int.max / 2, buckets < Int.max / 64 else { return nil }
        self.buckets = buckets
        self.classes = classes
    }

    /// `value` rounded up to a multiple of 64.
    static func aligned(_ value: Int) -> Int { (value + 63) / 64 * 64 }

    /// Fills a body at `base` from Float32 `weights` (`[bucket][label]`), `bias` and `idf`,
    /// quantising each weight row to Int8.
    func fill(
        _ base: UnsafeMutableRawPointer, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, idf: [Float]
    ) {
        base.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        let table = base.assumingMemoryBound(to: Float.self)
        let biases = (base + biasOffset).assumingMemoryBound(to: Float.self)
        let quantised = (base + weightsOffset).assumingMemoryBound(to: Int8.self)
        for c in 0..<classes { biases[c] = bias[c] }
        for bucket in 0..<buckets {
            let row = weights + bucket * classes
            var largest: Float = 0
            for c in 0..<classes { largest = max(largest, abs(row[c])) }
            let scale = largest / 127
            table[2 * bucket] = idf[bucket]
            table[2 * bucket + 1] = scale
            guard scale > 0 else { continue }
            let out = quantised + bucket * classes
            for c in 0..<classes { out[c] = Int8(max(-127, min(127, (row[c] / scale).rounded()))) }
        }
    }
}
