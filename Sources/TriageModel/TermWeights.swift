#if canImport(Glibc)
import Glibc
#endif

/// Turns a document's feature counts into its vector: sublinear tf-idf scaled to unit L2 norm, the
/// weighting of scikit-learn's `TfidfVectorizer(sublinear_tf=True)`.
///
/// A feature occurring `c` times weighs `(1 + ln c) × idf`, with `idf = ln((1 + n) / (1 + df)) + 1`
/// over the `n` training documents, `df` of which contain it. A bucket no training document has
/// gets idf 0: like a word outside a vocabulary, it neither scores nor dilutes the others. Training
/// and prediction both go through `weigh`, so a document scores exactly as it was trained.
enum TermWeights {
    /// The idf of every bucket, given how many of `documents` training documents contain it.
    static func inverseDocumentFrequencies(_ documentFrequencies: [UInt32], documents: Int) -> [Float] {
        let total = Double(documents) + 1
        return documentFrequencies.map { frequency in
            frequency == 0 ? 0 : Float(log(total / (Double(frequency) + 1)) + 1)
        }
    }

    /// Replaces the counts `values[0..<count]` of `buckets[0..<count]` by their unit-norm weights;
    /// bucket `b`'s idf is `idf[stride × b]`.
    ///
    /// A document whose features all have idf 0 gets all-zero weights.
    @inline(__always)
    static func weigh(
        buckets: UnsafeMutableBufferPointer<UInt32>, values: UnsafeMutableBufferPointer<Float>, count: Int,
        idf: UnsafePointer<Float>, stride: Int
    ) {
        var squares: Float = 0
        for index in 0..<count {
            let repeats = values[index]
            let tf: Float = repeats == 1 ? 1 : 1 + logf(repeats)
            let weight = tf * idf[stride * Int(buckets[index])]
            values[index] = weight
            squares += weight * weight
        }
        let scale: Float = squares > 0 ? 1 / squares.squareRoot() : 0
        for index in 0..<count { values[index] *= scale }
    }
}
