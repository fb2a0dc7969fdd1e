/// The outcome for one document: its scored classes or labels, or an error record.
public struct Prediction: Sendable, Hashable {
    /// Position of the document in input order.
    public var sequence: Int
    /// The file's key relative to the input prefix's folder.
    public var file: String
    /// Zero-based line number for ONE_DOC_PER_LINE.
    public var line: Int?
    /// The scores (best first) or the document's error.
    public var outcome: Outcome
    /// The pages the record covers, for a native document (PDF, Word, image); nil for plain text,
    /// whose record keeps Comprehend's plain-text shape.
    public var pages: PageSpan?

    /// What classification produced for a document.
    public enum Outcome: Sendable, Hashable {
        /// Scored classes (multi-class) or labels (multi-label), best first.
        case scores([LabelScore], ClassifierMode)
        /// The document could not be classified.
        case failed(DocumentError)
    }

    /// Makes a prediction.
    public init(sequence: Int, file: String, line: Int?, outcome: Outcome, pages: PageSpan? = nil) {
        self.sequence = sequence
        self.file = file
        self.line = line
        self.outcome = outcome
        self.pages = pages
    }

    /// True when the document was classified.
    public var succeeded: Bool {
        if case .scores = outcome { return true }
        return false
    }
}
