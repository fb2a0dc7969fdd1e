import TriageCore

#if canImport(Glibc)
import Glibc
#endif

/// Trains a `Classifier`: hashed uni- and bigram features weighted by sublinear tf-idf (see
/// `TermWeights`), then a linear model per `TrainingOptions.loss`.
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
        guard let layout = ModelBody(buckets: options.buckets, classes: classes) else {
            throw TriageError(.invalidArgument, "\(options.buckets) buckets × \(classes) classes is too many weights")
        }
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let data = FeatureTable(examples: examples, hasher: FeatureHasher(buckets: options.buckets, bigrams: options.bigrams, punctuation: options.punctuation))
        let targets = examples.map { Set($0.labels.compactMap { index[$0] }).sorted() }

        let count = (options.buckets + 1) * classes
        let parameters = UnsafeMutablePointer<Float>.allocate(capacity: count)
        parameters.initialize(repeating: 0, count: count)
        defer { parameters.deallocate() }
        var offsets: [Float]?
        if mode == .multiLabel, options.calibrateThresholds {
            offsets = heldOutThresholds(data: data, targets: targets, classes: classes, options: options, weights: parameters)
            parameters.update(repeating: 0, count: count)
        }
        let problem = Problem(
            data: data, documents: Array(0..<data.documents), targets: targets, classes: classes, mode: mode,
            options: options, weights: parameters)
        problem.descend()
        if let offsets {
            for c in 0..<classes { problem.bias[c] -= offsets[c] }
        }
        let scoreScale = options.loss == .squaredHinge ? problem.fitScoreScale() : 1
        let body = UnsafeMutableRawPointer.allocate(byteCount: layout.byteCount, alignment: 64)
        layout.fill(body, weights: parameters, bias: problem.bias, idf: data.idf)
        return Classifier(
            mode: mode, labels: labels, options: options, scoreScale: scoreScale,
            layout: layout, body: UnsafeRawPointer(body), storage: .allocated)
    }

    /// Each label's margin threshold (see `LabelThreshold`) from 2-fold cross-fitting: the
    /// documents are shuffled with the seed and halved, a model is trained on each half and scores
    /// the other, and the thresholds are chosen on those out-of-fold margins, then multiplied by
    /// `LabelThreshold.shrinkage`. `weights` is scratch.
    private static func heldOutThresholds(
        data: FeatureTable, targets: [[Int]], classes: Int, options: TrainingOptions, weights: UnsafeMutablePointer<Float>
    ) -> [Float] {
        var generator = SeededGenerator(seed: options.seed ^ 0x5EED_F01D)
        var shuffled = Array(0..<data.documents)
        generator.shuffle(&shuffled)
        let half = shuffled.count / 2
        let folds = [Array(shuffled[..<half]).sorted(), Array(shuffled[half...]).sorted()]
        var margins = [Float](repeating: 0, count: data.documents * classes)
        let count = (options.buckets + 1) * classes
        for (trained, scored) in [(folds[0], folds[1]), (folds[1], folds[0])] where !trained.isEmpty {
            weights.update(repeating: 0, count: count)
            let problem = Problem(
                data: data, documents: trained, targets: targets, classes: classes, mode: .multiLabel,
                options: options, weights: weights)
            problem.descend()
            margins.withUnsafeMutableBufferPointer { all in
                for document in scored {
                    problem.margins(of: document, into: UnsafeMutableBufferPointer(rebasing: all[document * classes..<(document + 1) * classes]))
                }
            }
        }
        var positives = [[Bool]](repeating: [Bool](repeating: false, count: data.documents), count: classes)
        for (document, labels) in targets.enumerated() {
            for c in labels { positives[c][document] = true }
        }
        return (0..<classes).map { c in
            LabelThreshold.shrinkage
                * LabelThreshold.best(margins: (0..<data.documents).map { margins[$0 * classes + c] }, positives: positives[c])
        }
    }
}

/// The training documents, the weights being fitted, and the two ways of fitting them.
private struct Problem {
    let data: FeatureTable
    /// The documents trained on (all of them, or one fold's).
    let documents: [Int]
    /// Each document's label indexes, ascending.
    let targets: [[Int]]
    let classes: Int
    let mode: ClassifierMode
    let options: TrainingOptions
    /// `[bucket][label]` weights, then one bias per label.
    let weights: UnsafeMutablePointer<Float>
    var bias: UnsafeMutablePointer<Float> { weights + options.buckets * classes }

    /// The raw sums (`w · x + b`) of every label for `document`, into `sums`.
    @inline(__always)
    func margins(of document: Int, into sums: UnsafeMutableBufferPointer<Float>) {
        for c in 0..<classes { sums[c] = bias[c] }
        for (bucket, value) in data.features(of: document) {
            let row = weights + Int(bucket) * classes
            for c in 0..<classes { sums[c] += value * row[c] }
        }
    }

    /// Adds `steps[c] × x` to every label's weights and `steps[c]` to its bias.
    @inline(__always)
    func add(_ steps: UnsafeMutableBufferPointer<Float>, times document: Int) {
        for c in 0..<classes { bias[c] += steps[c] }
        for (bucket, value) in data.features(of: document) {
            let row = weights + Int(bucket) * classes
            for c in 0..<classes { row[c] += value * steps[c] }
        }
    }

    /// Fits the weights with `options.loss`.
    func descend() {
        switch options.loss {
        case .logistic: descendLogisticLoss()
        case .squaredHinge: descendSquaredHinge()
        }
    }

    /// SGD on softmax cross-entropy (MULTI_CLASS) or per-label logistic loss (MULTI_LABEL), the
    /// learning rate decayed linearly to 0.
    func descendLogisticLoss() {
        var generator = SeededGenerator(seed: options.seed)
        var order = documents
        let totalSteps = Double(options.epochs) * Double(max(1, documents.count))
        var step = 0.0
        var buffer = [Float](repeating: 0, count: classes)
        buffer.withUnsafeMutableBufferPointer { sums in
            for _ in 0..<options.epochs {
                generator.shuffle(&order)
                for document in order {
                    let rate = Float(options.learningRate * (1 - step / totalSteps))
                    step += 1
                    margins(of: document, into: sums)
                    Classifier.activate(sums, mode: mode, scale: 1)
                    // The gradient of either loss with respect to the sums is (probability - target).
                    for c in 0..<classes { sums[c] = -rate * sums[c] }
                    for c in targets[document] { sums[c] += rate }
                    add(sums, times: document)
                }
            }
        }
    }

    /// Dual coordinate descent on one-vs-rest L2-regularised squared hinge loss with a regularised
    /// bias (liblinear's solver for `-s 1 -B 1`): each document's dual variables are updated in
    /// turn, for all labels at once, until the projected gradients are all within 0.1 of each other
    /// or `epochs` passes are done.
    func descendSquaredHinge() {
        let diagonal = Float(0.5 / options.cost)
        var duals = [Float](repeating: 0, count: data.documents * classes)
        var generator = SeededGenerator(seed: options.seed)
        var order = documents
        var buffer = [Float](repeating: 0, count: 2 * classes)
        buffer.withUnsafeMutableBufferPointer { buffer in
            let sums = UnsafeMutableBufferPointer(rebasing: buffer[0..<classes])
            let steps = UnsafeMutableBufferPointer(rebasing: buffer[classes...])
            duals.withUnsafeMutableBufferPointer { duals in
                for _ in 0..<options.epochs {
                    generator.shuffle(&order)
                    var largest = -Float.infinity
                    var smallest = Float.infinity
                    for document in order {
                        // x·x is 1 (unit norm) or 0, plus 1 for the bias feature.
                        let curvature = data.squaredNorm(of: document) + 1 + diagonal
                        margins(of: document, into: sums)
                        let alphas = duals.baseAddress! + document * classes
                        var moved = false
                        var next = targets[document].makeIterator()
                        var target = next.next()
                        for c in 0..<classes {
                            let sign: Float
                            if c == target {
                                sign = 1
                                target = next.next()
                            } else {
                                sign = -1
                            }
                            let alpha = alphas[c]
                            let gradient = sign * sums[c] - 1 + diagonal * alpha
                            let projected = alpha == 0 ? min(gradient, 0) : gradient
                            largest = max(largest, projected)
                            smallest = min(smallest, projected)
                            if projected != 0 {
                                let updated = max(alpha - gradient / curvature, 0)
                                steps[c] = (updated - alpha) * sign
                                alphas[c] = updated
                                moved = true
                            } else {
                                steps[c] = 0
                            }
                        }
                        if moved { add(steps, times: document) }
                    }
                    if largest - smallest < 0.1 { break }
                }
            }
        }
    }

    /// The factor by which raw sums are multiplied before the softmax (or sigmoids) so that scores
    /// read as probabilities: the one minimising the log loss on (up to 4,096 of) the training
    /// documents, found by golden-section search on the log of the factor.
    func fitScoreScale() -> Float {
        let sample = min(data.documents, 4096)
        var sums = [Float](repeating: 0, count: sample * classes)
        sums.withUnsafeMutableBufferPointer { all in
            for document in 0..<sample {
                self.margins(of: document, into: UnsafeMutableBufferPointer(rebasing: all[document * classes..<(document + 1) * classes]))
            }
        }
        func loss(_ logScale: Double) -> Double {
            let scale = Float(exp(logScale))
            var total = 0.0
            var row = [Float](repeating: 0, count: classes)
            for document in 0..<sample {
                for c in 0..<classes { row[c] = sums[document * classes + c] }
                row.withUnsafeMutableBufferPointer { Classifier.activate($0, mode: mode, scale: scale) }
                switch mode {
                case .multiClass:
                    total -= log(Double(max(row[targets[document][0]], 1e-12)))
                case .multiLabel:
                    var next = targets[document].makeIterator()
                    var target = next.next()
                    for c in 0..<classes {
                        let p = Double(row[c])
                        if c == target {
                            total -= log(max(p, 1e-12))
                            target = next.next()
                        } else {
                            total -= log(max(1 - p, 1e-12))
                        }
                    }
                }
            }
            return total
        }
        // ln(0.1) ... ln(100): a unimodal search interval for any sensible model.
        var low = log(0.1)
        var high = log(100.0)
        let ratio = (5.0.squareRoot() - 1) / 2
        var a = high - ratio * (high - low)
        var b = low + ratio * (high - low)
        var lossA = loss(a)
        var lossB = loss(b)
        for _ in 0..<40 {
            if lossA <= lossB {
                high = b
                b = a
                lossB = lossA
                a = high - ratio * (high - low)
                lossA = loss(a)
            } else {
                low = a
                a = b
                lossA = lossB
                b = low + ratio * (high - low)
                lossB = loss(b)
            }
        }
        return Float(exp((low + high) / 2))
    }
}

/// Every training document's distinct feature buckets with their tf-idf weights, in flat arrays,
/// and the idf of every bucket.
private struct FeatureTable {
    /// Distinct buckets of all documents, document after document.
    var buckets: [UInt32] = []
    /// Each bucket's weight in its document.
    var values: [Float] = []
    /// Where each document's features start in `buckets`; one more entry than documents.
    var starts: [Int] = [0]
    /// The idf of every bucket.
    var idf: [Float] = []

    var documents: Int { starts.count - 1 }

    /// Hashes every example once, counts document frequencies, then weighs every document.
    init(examples: [TrainingExample], hasher: FeatureHasher) {
        starts.reserveCapacity(examples.count + 1)
        var frequencies = [UInt32](repeating: 0, count: hasher.buckets)
        var scratch: [UInt32] = []
        var counts: [Float] = []
        for example in examples {
            var text = example.text
            text.withUTF8 { bytes in
                let capacity = FeatureHasher.capacity(byteCount: bytes.count)
                if scratch.count < capacity {
                    scratch = [UInt32](repeating: 0, count: capacity)
                    counts = [Float](repeating: 0, count: capacity)
                }
                scratch.withUnsafeMutableBufferPointer { features in
                    counts.withUnsafeMutableBufferPointer { counts in
                        let count = hasher.features(of: bytes, into: features)
                        let distinct = FeatureHasher.merge(features, count: count, counts: counts)
                        for index in 0..<distinct {
                            frequencies[Int(features[index])] += 1
                            buckets.append(features[index])
                            values.append(counts[index])
                        }
                    }
                }
            }
            starts.append(buckets.count)
        }
        idf = TermWeights.inverseDocumentFrequencies(frequencies, documents: examples.count)
        buckets.withUnsafeMutableBufferPointer { buckets in
            values.withUnsafeMutableBufferPointer { values in
                idf.withUnsafeBufferPointer { idf in
                    for document in 0..<examples.count {
                        let range = starts[document]..<starts[document + 1]
                        TermWeights.weigh(
                            buckets: UnsafeMutableBufferPointer(rebasing: buckets[range]),
                            values: UnsafeMutableBufferPointer(rebasing: values[range]),
                            count: range.count, idf: idf.baseAddress!, stride: 1)
                    }
                }
            }
        }
    }

    /// The (bucket, weight) pairs of `document`.
    @inline(__always)
    func features(of document: Int) -> Zip2Sequence<ArraySlice<UInt32>, ArraySlice<Float>> {
        let range = starts[document]..<starts[document + 1]
        return zip(buckets[range], values[range])
    }

    /// x·x of `document`: 1, or 0 for a document without a known feature.
    func squaredNorm(of document: Int) -> Float {
        var total: Float = 0
        for index in starts[document]..<starts[document + 1] { total += values[index] * values[index] }
        return total
    }
}
