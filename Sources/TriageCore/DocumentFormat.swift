/// Comprehend's `InputFormat`: how input files are split into documents.
public enum DocumentFormat: String, Sendable, Codable, CaseIterable {
    /// Each file is one document.
    case oneDocPerFile = "ONE_DOC_PER_FILE"
    /// Each line of each file is one document.
    case oneDocPerLine = "ONE_DOC_PER_LINE"
}
