import TriageCore

#if canImport(Glibc)
import Glibc
#endif

/// A trained linear classifier over hashed features: `labels`, a weight row per bucket, a bias.
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
    /// The weights, `[bucket][label]`, followed by one bias per label.
    let parameters: UnsafePointer<Float>
    private let storage: Storage
    /// Turns text into features the way the model was trained.
    let hasher: FeatureHasher

    /// Who owns the parameter memory.
    enum Storage {
        /// Allocated by the trainer; freed on deinit.
        case allocated(UnsafeMutablePointer<Float>)
        /// A read-only memory map of a model file; unmapped on deinit.
        case mapped(UnsafeMutableRawPointer, Int)
    }

    /// Number of parameters, a row per bucket plus the bias row, or nil if that overflows `Int`.
    static func parameterCount(buckets: Int, classes: Int) -> Int? {
        let (count, overflow) = (buckets + 1).multipliedReportingOverflow(by: classes)
        return overflow || buckets < 0 || classes < 0 ? nil : count
    }

    /// Wraps parameters owned as `storage` says.
    init(mode: ClassifierMode, labels: [String], options: TrainingOptions, parameters: UnsafePointer<Float>, storage: Storage) {
        self.mode = mode
        self.labels = labels
        self.options = options
        self.parameters = parameters
        self.storage = storage
        self.hasher = FeatureHasher(buckets: options.buckets, bigrams: options.bigrams)
    }

    deinit {
        switch storage {
        case let .allocated(pointer): pointer.deallocate()
        case let .mapped(base, length): munmap(base, length)
        }
    }

    /// Writes every label's probability for `text` (UTF-8) into `scores` (resized to `labels.count`).
    ///
    /// Allocates nothing per token: the features go to one temporary buffer (on the stack when
    /// small), and the document vector is scaled to unit L2 norm.
    public func scores(utf8 text: UnsafeBufferPointer<UInt8>, into scores: inout [Float]) {
        let classes = labels.count
        if scores.count != classes { scores = [Float](repeating: 0, count: classes) }
        let capacity = FeatureHasher.capacity(byteCount: text.count)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { features in
            let count = hasher.features(of: text, into: features)
            let scale = FeatureHasher.unitScale(features, count: count)
            scores.withUnsafeMutableBufferPointer { sums in
                for c in 0..<classes { sums[c] = 0 }
                for index in 0..<count {
                    let row = parameters + Int(features[index]) * classes
                    for c in 0..<classes { sums[c] += row[c] }
                }
                let bias = parameters + options.buckets * classes
                for c in 0..<classes { sums[c] = sums[c] * scale + bias[c] }
                Self.activate(sums, mode: mode)
            }
        }
    }

    /// Turns raw sums into probabilities in place: softmax or per-label sigmoid.
    static func activate(_ sums: UnsafeMutableBufferPointer<Float>, mode: ClassifierMode) {
        switch mode {
        case .multiClass:
            var maximum = -Float.infinity
            for value in sums { maximum = max(maximum, value) }
            var total: Float = 0
            for c in sums.indices {
                sums[c] = expf(sums[c] - maximum)
                total += sums[c]
            }
            for c in sums.indices { sums[c] /= total }
        case .multiLabel:
            for c in sums.indices { sums[c] = 1 / (1 + expf(-sums[c])) }
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
        var best: [Int] = []
        best.reserveCapacity(min(k, scores.count) + 1)
        for index in scores.indices {
            // Insertion into a short sorted list: k is small, so this beats sorting every score.
            var position = best.count
            while position > 0, Self.ranks(index, before: best[position - 1], scores, labels) { position -= 1 }
            if position < k {
                best.insert(index, at: position)
                if best.count > k { best.removeLast() }
            }
        }
        return best.map { LabelScore(name: labels[$0], score: Double(scores[$0])) }
    }

    private static func ranks(_ a: Int, before b: Int, _ scores: [Float], _ labels: [String]) -> Bool {
        scores[a] != scores[b] ? scores[a] > scores[b] : labels[a] < labels[b]
    }
}
