import TriageCore

/// Trains a `Classifier` by SGD: softmax + cross-entropy for MULTI_CLASS, one sigmoid + binary
/// cross-entropy per label for MULTI_LABEL, learning rate decayed linearly to 0 (as fastText does).
///
/// Single-threaded and seeded, so the same data, options and seed give byte-identical models.
public enum Trainer {
    /// Trains on `examples`; labels are sorted to fix the label table's order.
    ///
    /// Throws `.invalidTrainingData` (naming the file and line where it can) for a document without
    /// a label, a MULTI_CLASS document with several, or fewer than two classes in all; and
    /// `.invalidArgument` for options out of range.
    public static func train(examples: [TrainingExample], mode: ClassifierMode, options: TrainingOptions) throws -> Classifier {
        try options.validate()
        for example in examples {
            let place = example.file.isEmpty ? "document \(example.line)" : "\(example.file):\(example.line)"
            guard !example.labels.isEmpty else {
                throw TriageError(.invalidTrainingData, "\(place): the document has no label")
            }
            if mode == .multiClass, example.labels.count != 1 {
                throw TriageError(
                    .invalidTrainingData,
                    "\(place): a MULTI_CLASS document has exactly one class, found \(example.labels.count)")
            }
        }
        let labels = Array(Set(examples.flatMap(\.labels))).sorted()
        guard labels.count >= 2 else {
            let found = labels.first.map { "only one class (\($0)) was found" } ?? "no training documents were given"
            throw TriageError(.invalidTrainingData, "training needs at least two classes; \(found)")
        }
        let classes = labels.count
        guard let count = Classifier.parameterCount(buckets: options.buckets, classes: classes) else {
            throw TriageError(.invalidArgument, "\(options.buckets) buckets × \(classes) classes is too many weights")
        }
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let data = FeatureTable(examples: examples, hasher: FeatureHasher(buckets: options.buckets, bigrams: options.bigrams))
        let targets = examples.map { Set($0.labels.compactMap { index[$0] }).sorted() }

        let parameters = UnsafeMutablePointer<Float>.allocate(capacity: count)
        parameters.initialize(repeating: 0, count: count)
        let bias = parameters + options.buckets * classes

        var generator = SeededGenerator(seed: options.seed)
        var order = Array(examples.indices)
        let totalSteps = Double(options.epochs) * Double(max(1, examples.count))
        var step = 0.0
        var sums = [Float](repeating: 0, count: classes)
        sums.withUnsafeMutableBufferPointer { sums in
            for _ in 0..<options.epochs {
                generator.shuffle(&order)
                for document in order {
                    let rate = Float(options.learningRate * (1 - step / totalSteps))
                    step += 1
                    let features = data.features(of: document)
                    let scale = data.scales[document]
                    // Forward: as `Classifier.scores` does, with repeats merged.
                    for c in 0..<classes { sums[c] = 0 }
                    for (bucket, repeats) in features {
                        let row = parameters + Int(bucket) * classes
                        for c in 0..<classes { sums[c] += repeats * row[c] }
                    }
                    for c in 0..<classes { sums[c] = sums[c] * scale + bias[c] }
                    Classifier.activate(sums, mode: mode)
                    // The gradient of either loss with respect to the sums is (probability - target);
                    // step against it.
                    for c in 0..<classes { sums[c] = -rate * sums[c] }
                    for c in targets[document] { sums[c] += rate }
                    for c in 0..<classes { bias[c] += sums[c] }
                    for c in 0..<classes { sums[c] *= scale }
                    for (bucket, repeats) in features {
                        let row = parameters + Int(bucket) * classes
                        for c in 0..<classes { row[c] += repeats * sums[c] }
                    }
                }
            }
        }
        return Classifier(
            mode: mode, labels: labels, options: options, parameters: UnsafePointer(parameters),
            storage: .allocated(parameters))
    }
}

/// Every training document's distinct feature buckets with their counts, hashed once, in flat arrays.
private struct FeatureTable {
    /// Distinct buckets of all documents, each document's in ascending order.
    var buckets: [UInt32] = []
    /// How often each bucket occurs in its document.
    var counts: [Float] = []
    /// Where each document's features start in `buckets`; one more entry than documents.
    var starts: [Int] = [0]
    /// Each document's unit-norm factor.
    var scales: [Float] = []

    /// Hashes every example once.
    init(examples: [TrainingExample], hasher: FeatureHasher) {
        scales.reserveCapacity(examples.count)
        starts.reserveCapacity(examples.count + 1)
        var scratch: [UInt32] = []
        for example in examples {
            var text = example.text
            text.withUTF8 { bytes in
                let capacity = FeatureHasher.capacity(byteCount: bytes.count)
                if scratch.count < capacity { scratch = [UInt32](repeating: 0, count: capacity) }
                scratch.withUnsafeMutableBufferPointer { features in
                    let count = hasher.features(of: bytes, into: features)
                    scales.append(FeatureHasher.unitScale(features, count: count))
                    // Sorted, repeats merge and the weight rows are visited in address order.
                    var sorted = UnsafeMutableBufferPointer(rebasing: features[..<count])
                    sorted.sort()
                    FeatureHasher.forEachRun(sorted: features, count: count) { bucket, repeats in
                        buckets.append(UInt32(bucket))
                        counts.append(Float(repeats))
                    }
                }
            }
            starts.append(buckets.count)
        }
    }

    /// The (bucket, count) pairs of document `index`.
    func features(of index: Int) -> Zip2Sequence<ArraySlice<UInt32>, ArraySlice<Float>> {
        let range = starts[index]..<starts[index + 1]
        return zip(buckets[range], counts[range])
    }
}
