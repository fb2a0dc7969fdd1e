import TriageCore

/// Trains a `Classifier` by SGD: softmax + cross-entropy for MULTI_CLASS, one sigmoid + binary
/// cross-entropy per label for MULTI_LABEL, learning rate decayed linearly to 0 (as fastText does).
///
/// Single-threaded and seeded, so the same data, options and seed give byte-identical models.
public enum Trainer {
    /// Trains on `examples`; labels are sorted to fix the label table's order.
    public static func train(examples: [TrainingExample], mode: ClassifierMode, options: TrainingOptions) throws -> Classifier {
        let labels = Array(Set(examples.flatMap(\.labels))).sorted()
        guard labels.count >= 2 else {
            throw TriageError(.invalidTrainingData, "training needs at least two classes, found \(labels.count)")
        }
        guard options.buckets >= 1, options.epochs >= 1, options.learningRate > 0 else {
            throw TriageError(.invalidArgument, "buckets and epochs must be at least 1 and the learning rate positive")
        }
        let classes = labels.count
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let hasher = FeatureHasher(buckets: options.buckets, bigrams: options.bigrams)

        // Each document's features, hashed once.
        var features: [[Int32]] = []
        features.reserveCapacity(examples.count)
        for example in examples {
            var list: [Int32] = []
            var text = example.text
            text.withUTF8 { bytes in
                _ = hasher.forEachFeature(in: bytes) { list.append(Int32($0)) }
            }
            features.append(list)
        }
        let targets = examples.map { $0.labels.compactMap { index[$0] } }

        let count = Classifier.parameterCount(buckets: options.buckets, classes: classes)
        let parameters = UnsafeMutablePointer<Float>.allocate(capacity: count)
        parameters.initialize(repeating: 0, count: count)
        let bias = parameters + options.buckets * classes

        var generator = SeededGenerator(seed: options.seed)
        var order = Array(examples.indices)
        let totalSteps = Double(options.epochs * max(1, examples.count))
        var step = 0
        var sums = [Float](repeating: 0, count: classes)
        for _ in 0..<options.epochs {
            order.shuffle(using: &generator)
            for document in order {
                let rate = Float(options.learningRate * (1 - Double(step) / totalSteps))
                step += 1
                let list = features[document]
                let scale: Float = list.isEmpty ? 0 : 1 / Float(list.count).squareRoot()
                sums.withUnsafeMutableBufferPointer { sums in
                    for c in 0..<classes { sums[c] = 0 }
                    for bucket in list {
                        let row = parameters + Int(bucket) * classes
                        for c in 0..<classes { sums[c] += row[c] }
                    }
                    for c in 0..<classes { sums[c] = sums[c] * scale + bias[c] }
                    Classifier.activate(sums, mode: mode)
                    // The gradient of either loss with respect to the sums is (probability - target).
                    for c in 0..<classes { sums[c] = -rate * sums[c] }
                    for c in targets[document] { sums[c] += rate }
                    for c in 0..<classes { bias[c] += sums[c] }
                    for c in 0..<classes { sums[c] *= scale }
                    for bucket in list {
                        let row = parameters + Int(bucket) * classes
                        for c in 0..<classes { row[c] += sums[c] }
                    }
                }
            }
        }
        return Classifier(
            mode: mode, labels: labels, options: options, parameters: UnsafePointer(parameters),
            storage: .allocated(parameters))
    }
}
