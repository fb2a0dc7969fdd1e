/// One labelled document from a training CSV.
public struct TrainingExample: Sendable, Hashable {
    /// The document's labels: one in MULTI_CLASS mode, one or more in MULTI_LABEL mode.
    public var labels: [String]
    /// The document's text.
    public var text: String
    /// The 1-based line where the CSV record starts.
    public var line: Int
    /// The CSV file it came from.
    public var file: String

    /// Makes an example.
    public init(labels: [String], text: String, line: Int = 0, file: String = "") {
        self.labels = labels
        self.text = text
        self.line = line
        self.file = file
    }

    /// A key for stratifying: the sorted label set joined.
    var stratum: String { labels.sorted().joined(separator: "\u{1F}") }
}
