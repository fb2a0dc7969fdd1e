/// One document to classify: where it came from and its raw bytes, or why they could not be had.
public struct Document: Sendable {
    /// Position of the document in input order (file order, then line order), from 0.
    public var sequence: Int
    /// The file's key relative to the input prefix's folder, as written in `File`.
    public var file: String
    /// Zero-based line number for ONE_DOC_PER_LINE, nil for ONE_DOC_PER_FILE.
    public var line: Int?
    /// The document's bytes, or the per-document failure found while reading it.
    public var content: Result<[UInt8], DocumentError>

    /// Makes a document.
    public init(sequence: Int, file: String, line: Int?, content: Result<[UInt8], DocumentError>) {
        self.sequence = sequence
        self.file = file
        self.line = line
        self.content = content
    }
}

/// A per-document failure: it becomes an error record and the job goes on.
public struct DocumentError: Error, Sendable, Hashable {
    /// A stable, Comprehend-style code such as `DOCUMENT_SIZE_EXCEEDED`.
    public var code: String
    /// A sentence saying what is wrong with the document.
    public var message: String

    /// Makes a document error.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The document has no text.
    public static let emptyCode = "EMPTY_DOCUMENT"
    /// The document's bytes are not valid UTF-8.
    public static let invalidEncodingCode = "INVALID_ENCODING"
    /// The document is larger than the size limit.
    public static let sizeExceededCode = "DOCUMENT_SIZE_EXCEEDED"
    /// The file could not be read.
    public static let unreadableCode = "UNREADABLE_FILE"
    /// The classifier failed on the document.
    public static let internalCode = "INTERNAL_SERVER_ERROR"
}
