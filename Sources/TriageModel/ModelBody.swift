/// Where a model's numbers sit in one 64-byte aligned block, the same in memory and in the file
/// (so that loading is a memory map):
///
/// | offset | size | content |
/// | --- | --- | --- |
/// | 0 | 4 × labels, padded to 64 | Float32 bias of each label |
/// | `rowsOffset` | buckets × `rowStride` | one row per bucket: Float32 idf, Float32 scale, Int8 weight per label, zero padding |
///
/// A weight is its Int8 value × its row's scale: weights are quantised to 8 bits per row (the
/// row's largest magnitude maps to 127), a quarter of the size of Float32 weights, so a 57-label
/// model with 2^19 buckets is 34 MB instead of 120 MB, at no measurable cost in accuracy. A
/// bucket's idf sits in the same row as its weights, so scoring a feature touches one place in
/// memory: on models larger than the CPU's caches, that is what bounds the speed.
struct ModelBody: Equatable {
    let buckets: Int
    let classes: Int

    var rowsOffset: Int { Self.aligned(classes * MemoryLayout<Float>.size) }
    /// Bytes per bucket row: idf, scale, the weights, padded to a multiple of 4.
    var rowStride: Int { 8 + (classes + 3) / 4 * 4 }
    var byteCount: Int { rowsOffset + buckets * rowStride }

    /// The layout for `buckets` × `classes`, or nil when its size overflows `Int`.
    init?(buckets: Int, classes: Int) {
        guard buckets >= 1, classes >= 1, classes < Int.max / 8 else { return nil }
        let (rows, overflow) = buckets.multipliedReportingOverflow(by: 8 + (classes + 3) / 4 * 4)
        guard !overflow, rows < Int.max / 2 else { return nil }
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
        let biases = base.assumingMemoryBound(to: Float.self)
        for c in 0..<classes { biases[c] = bias[c] }
        for bucket in 0..<buckets {
            let source = weights + bucket * classes
            var largest: Float = 0
            for c in 0..<classes { largest = max(largest, abs(source[c])) }
            let scale = largest / 127
            let row = base + rowsOffset + bucket * rowStride
            row.storeBytes(of: idf[bucket], toByteOffset: 0, as: Float.self)
            row.storeBytes(of: scale, toByteOffset: 4, as: Float.self)
            guard scale > 0 else { continue }
            let out = (row + 8).assumingMemoryBound(to: Int8.self)
            for c in 0..<classes { out[c] = Int8(max(-127, min(127, (source[c] / scale).rounded()))) }
        }
    }
}
