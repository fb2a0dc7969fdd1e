/// A class or label name with its probability, as in Comprehend's `Classes` / `Labels` arrays.
public struct LabelScore: Sendable, Hashable, Codable {
    /// The class or label name.
    public var name: String
    /// The probability, in [0, 1].
    public var score: Double

    /// Makes a scored label.
    public init(name: String, score: Double) {
        self.name = name
        self.score = score
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case score = "Score"
    }
}
