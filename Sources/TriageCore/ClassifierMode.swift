/// Comprehend's classifier modes: one class per document, or any number of labels.
public enum ClassifierMode: String, Sendable, Codable, CaseIterable {
    /// Exactly one class per document; scores are a softmax and sum to 1.
    case multiClass = "MULTI_CLASS"
    /// Any number of labels per document; one independent sigmoid score per label.
    case multiLabel = "MULTI_LABEL"
}
