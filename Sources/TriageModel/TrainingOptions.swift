import TriageCore

/// Hyper-parameters of the linear classifier, with the defaults Triage is measured with.
///
/// Stored in every model file; a key missing there (a model written before the option existed)
/// decodes to its default.
public struct TrainingOptions: Sendable, Codable, Hashable {
    /// Hash buckets shared by word unigrams and bigrams.
    ///
    /// A model file is about buckets × (labels padded to a power of two + 8) bytes: 2^19 keeps a 53-label model at 38 MB.
    /// On Debian's package descriptions (50,920 training documents, 57 sections) 2^19 scored
    /// +0.2 points of accuracy over 2^18, and 2^20 no better than 2^19.
    public var buckets: Int = 1 << 19
    /// Passes over the training data.
    public var epochs: Int = 20
    /// Initial SGD learning rate, decayed linearly to 0.
    ///
    /// Documents are unit vectors, so steps are bounded; 2.0 with 20 epochs was at or near the best
    /// held-out accuracy on every corpus measured (0.5 under-fitted, above all in MULTI_LABEL mode).
    public var learningRate: Double = 2.0
    /// Seed of the shuffling (and of the held-out split).
    public var seed: UInt64 = 42
    /// Whether word bigrams are features besides unigrams.
    public var bigrams: Bool = true
    /// Whether ASCII punctuation characters are features (one-character words) rather than
    /// separators.
    public var punctuation: Bool = true
    /// The loss the weights minimise.
    public var loss: Loss = .squaredHinge
    /// The cost of a margin violation against the weights' L2 norm, for the squared hinge loss
    /// (scikit-learn's and liblinear's `C`).
    public var cost: Double = 1
    /// MULTI_LABEL only: whether each label's bias is moved so that a score of 0.5 is the decision
    /// point maximising that label's F1 on held-out margins (see `LabelThreshold`).
    ///
    /// Out-of-fold margins come from 2-fold cross-fitting on the training documents; a label with
    /// fewer than `LabelThreshold.minimumPositives` positive documents keeps its bias. On Debian's
    /// debtags (30 labels) it raised macro-F1 with the same Hamming loss; the one-vs-rest models
    /// are otherwise precise but miss rare labels' documents.
    public var calibrateThresholds: Bool = true

    /// The losses a model can be trained with.
    public enum Loss: String, Sendable, Codable, Hashable, CaseIterable {
        /// Softmax cross-entropy (MULTI_CLASS) or one logistic loss per label (MULTI_LABEL), by SGD
        /// with a learning rate decayed linearly to 0, as fastText trains.
        case logistic
        /// One-vs-rest L2-regularised squared hinge (a linear SVM per label), by dual coordinate
        /// descent, as liblinear and scikit-learn's LinearSVC train.
        case squaredHinge = "squared-hinge"
    }

    /// The most buckets a model may have (bucket indexes are stored as 32-bit values).
    public static let maximumBuckets = 1 << 30

    /// The defaults.
    public init() {}

    /// The JSON names in the model file's metadata.
    enum CodingKeys: String, CodingKey {
        case buckets, epochs, learningRate, seed, bigrams, punctuation, loss, cost, calibrateThresholds
    }

    /// Decodes the options, taking the default for any key that is missing (except
    /// `calibrateThresholds`, false: older models were trained without it).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TrainingOptions()
        buckets = try container.decodeIfPresent(Int.self, forKey: .buckets) ?? defaults.buckets
        epochs = try container.decodeIfPresent(Int.self, forKey: .epochs) ?? defaults.epochs
        learningRate = try container.decodeIfPresent(Double.self, forKey: .learningRate) ?? defaults.learningRate
        seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? defaults.seed
        bigrams = try container.decodeIfPresent(Bool.self, forKey: .bigrams) ?? defaults.bigrams
        punctuation = try container.decodeIfPresent(Bool.self, forKey: .punctuation) ?? defaults.punctuation
        loss = try container.decodeIfPresent(Loss.self, forKey: .loss) ?? defaults.loss
        cost = try container.decodeIfPresent(Double.self, forKey: .cost) ?? defaults.cost
        // Models written before the option existed were trained without calibration.
        calibrateThresholds = try container.decodeIfPresent(Bool.self, forKey: .calibrateThresholds) ?? false
    }

    /// Throws `.invalidArgument` unless buckets, epochs and learning rate are in range.
    public func validate() throws {
        guard (1...Self.maximumBuckets).contains(buckets) else {
            throw TriageError(.invalidArgument, "buckets must be between 1 and \(Self.maximumBuckets), not \(buckets)")
        }
        guard epochs >= 1 else {
            throw TriageError(.invalidArgument, "epochs must be at least 1, not \(epochs)")
        }
        guard learningRate > 0, learningRate.isFinite else {
            throw TriageError(.invalidArgument, "the learning rate must be a positive number, not \(learningRate)")
        }
        guard cost > 0, cost.isFinite else {
            throw TriageError(.invalidArgument, "the cost must be a positive number, not \(cost)")
        }
    }
}
