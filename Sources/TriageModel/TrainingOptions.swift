/// Hyper-parameters of the linear classifier, with the defaults Triage is measured with.
public struct TrainingOptions: Sendable, Codable, Hashable {
    /// Hash buckets shared by word unigrams and bigrams.
    public var buckets: Int = 1 << 18
    /// Passes over the training data.
    public var epochs: Int = 25
    /// Initial SGD learning rate, decayed linearly to 0.
    public var learningRate: Double = 0.5
    /// Seed of the shuffling (and of the held-out split).
    public var seed: UInt64 = 42
    /// Whether word bigrams are features besides unigrams.
    public var bigrams: Bool = true

    /// The defaults.
    public init() {}
}
