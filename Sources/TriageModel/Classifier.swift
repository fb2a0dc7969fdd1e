import TriageCore

#if canImport(Glibc)
import Glibc
#endif

/// A trained linear classifier over hashed, tf-idf weighted features: `labels`, the idf of every
/// bucket, a weight row per bucket, a bias per label.
///
/// `@unchecked Sendable`: the weights are never written after `init` (they are either a buffer the
/// trainer handed over or a read-only, private memory map), so any number of threads may predict at
/// once; each call uses its own scratch buffer. The map stays valid while a new model replaces the
/// file, because `write(to:)` renames a new file over it rather than writing into it.
public final class Classifier: @unchecked Sendable {
    /// MULTI_CLASS (softmax scores) or MULTI_LABEL (one sigmoid per label).
    public let mode: ClassifierMode
    /// The label table, in the order of the weight columns.
    public let labels: [String]
    /// The hyper-parameters it was trained with.
    public let options: TrainingOptions
    /// What raw sums are multiplied by before the softmax or sigmoids, so scores read as
    /// probabilities (1 for a logistic model, fitted for a squared-hinge one).
    public let scoreScale: Float
    /// Identifies a model file's contents (`<length>-<metadata CRC>-<body CRC>`, from its header),
    /// so two files holding the same model have the same fingerprint; empty for a model that was
    /// never written.
    public let fingerprint: String
    /// Where the numbers sit in `body`.
    let layout: ModelBody
    /// The model's numbers, laid out as `layout` says: biases, then a row per bucket.
    let body: UnsafeRawPointer
    private let storage: Storage
    /// Turns text into features the way the model was trained.
    let hasher: FeatureHasher

    /// Who owns the body's memory.
    enum Storage {
        /// Allocated by the trainer; freed on deinit.
        case allocated
        /// A read-only memory map of a model file; unmapped on deinit.
        case mapped(UnsafeMutableRawPointer, Int)
    }

    /// Wraps a body owned as `storage` says.
    init(
        mode: ClassifierMode, labels: [String], options: TrainingOptions, scoreScale: Float,
        layout: ModelBody, body: UnsafeRawPointer, storage: Storage, fingerprint: String = ""
    ) {
        self.fingerprint = fingerprint
        self.mode = mode
        self.labels = labels
        self.options = options
        self.scoreScale = scoreScale
        self.layout = layout
        self.body = body
        self.storage = storage
        self.hasher = FeatureHasher(buckets: options.buckets, bigrams: options.bigrams, punctuation: options.punctuation)
    }

    deinit {
        switch storage {
        case .allocated: body.deallocate()
        case let .mapped(base, length): munmap(base, length)
        }
    }

    /// Writes every label's probability for `text` (UTF-8) into `scores` (resized to `labels.count`).
    ///
    /// Allocates nothing per token: the features and their weights go to temporary buffers (on the
    /// stack when small).
    public func scores(utf8 text: UnsafeBufferPointer<UInt8>, into scores: inout [Float]) {
        let classes = labels.count
        if scores.count != classes { scores = [Float](repeating: 0, count: classes) }
        let capacity = FeatureHasher.capacity(byteCount: text.count)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { features in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: capacity) { values in
                // Bucket b's idf and weight scale are table's Floats 2b and 2b + 1.
                let table = (body + layout.bucketsOffset).assumingMemoryBound(to: Float.self)
                let rows = body + layout.rowsOffset
                let stride = layout.rowStride
                // Each feature's numbers are asked for as soon as the feature is hashed: on a model
                // larger than the caches, they then arrive while the rest of the text is hashed,
                // instead of each stalling the weighing below.
                var count = 0
                _ = hasher.forEachFeature(in: text) { bucket in
                    guard count < features.count else { return }
                    features[count] = UInt32(truncatingIfNeeded: bucket)
                    count += 1
                    Prefetch.read(table + 2 * bucket, byteCount: 8)
                    Prefetch.read(rows + bucket * stride, byteCount: stride)
                }
                let distinct = FeatureHasher.merge(features, count: count, counts: values)
                TermWeights.weigh(buckets: features, values: values, count: distinct, idf: table, stride: 2)
                let bias = body.assumingMemoryBound(to: Float.self)
                scores.withUnsafeMutableBufferPointer { sums in
                    for c in 0..<classes { sums[c] = bias[c] }
                    for index in 0..<distinct {
                        let bucket = Int(features[index])
                        let value = values[index] * table[2 * bucket + 1]
                        let weights = (rows + bucket * stride).assumingMemoryBound(to: Int8.self)
                        for c in 0..<classes { sums[c] += value * Float(weights[c]) }
                    }
                    Self.activate(sums, mode: mode, scale: scoreScale)
                }
            }
        }
    }

    /// Turns raw sums, multiplied by `scale`, into probabilities in place: softmax or per-label sigmoid.
    static func activate(_ sums: UnsafeMutableBufferPointer<Float>, mode: ClassifierMode, scale: Float) {
        switch mode {
        case .multiClass:
            var maximum = -Float.infinity
            for value in sums { maximum = max(maximum, value) }
            var total: Float = 0
            for c in sums.indices {
                // Beyond e^-30 (1e-13) a class adds nothing a 4-decimal score can show: skip the exp.
                let exponent = scale * (sums[c] - maximum)
                sums[c] = exponent < -30 ? 0 : expf(exponent)
                total += sums[c]
            }
            for c in sums.indices { sums[c] /= total }
        case .multiLabel:
            for c in sums.indices { sums[c] = 1 / (1 + expf(-scale * sums[c])) }
        }
    }

    /// The `topK` best labels for `text` (UTF-8 bytes), best first; ties ordered by name.
    public func predict(_ text: ArraySlice<UInt8>, topK: Int = 3) -> [LabelScore] {
        var scores: [Float] = []
        text.withUnsafeBufferPointer { self.scores(utf8: $0, into: &scores) }
        return Self.top(scores, labels: labels, k: topK)
    }

    /// The `topK` best labels for `text` (UTF-8 bytes), best first; ties ordered by name.
    public func predict(_ text: [UInt8], topK: Int = 3) -> [LabelScore] {
        predict(text[...], topK: topK)
    }

    /// The `topK` best labels for `text`.
    public func predict(text: String, topK: Int = 3) -> [LabelScore] {
        predict(Array(text.utf8), topK: topK)
    }

    /// Every label's probability for `text`, in label-table order.
    public func probabilities(_ text: String) -> [Float] {
        var scores: [Float] = []
        Array(text.utf8).withUnsafeBufferPointer { self.scores(utf8: $0, into: &scores) }
        return scores
    }

    /// The `k` best scores as labelled results, best first; ties ordered by label name.
    static func top(_ scores: [Float], labels: [String], k: Int) -> [LabelScore] {
        let k = min(k, scores.count)
        guard k > 0 else { return [] }
        return scores.withUnsafeBufferPointer { scores in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: k) { best in
                // Insertion into a short sorted list: k is small, so this beats sorting every score.
                func ranks(_ a: Int, before b: Int) -> Bool {
                    scores[a] != scores[b] ? scores[a] > scores[b] : labels[a] < labels[b]
                }
                var count = 0
                for index in 0..<scores.count {
                    if count == k, !ranks(index, before: best[k - 1]) { continue }
                    var position = min(count, k - 1)
                    while position > 0, ranks(index, before: best[position - 1]) {
                        best[position] = best[position - 1]
                        position -= 1
                    }
                    best[position] = index
                    count = min(count + 1, k)
                }
                return (0..<count).map { LabelScore(name: labels[best[$0]], score: Double(scores[best[$0]])) }
            }
        }
    }
}
