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
    /// The file's type (found from its content) is not one Triage reads.
    public static let unsupportedTypeCode = "UNSUPPORTED_DOC_TYPE"
    /// The file is damaged or truncated (a PDF poppler cannot open, a broken zip).
    public static let invalidDocumentCode = "INVALID_DOCUMENT"
    /// The file is encrypted and needs a password.
    public static let encryptedCode = "ENCRYPTED_DOCUMENT"
    /// The document has more pages than the limit.
    public static let pageLimitCode = "PAGE_LIMIT_EXCEEDED"
    /// An archive holds more members or bytes than the limits.
    public static let archiveLimitCode = "ARCHIVE_LIMIT_EXCEEDED"
    /// A page has more characters than the limit.
    public static let pageCharactersCode = "PAGE_CHARACTERS_EXCEEDED"
    /// A page image has more pixels than the limit.
    public static let pageSizeCode = "PAGE_SIZE_EXCEEDED"
    /// OCR of a page took longer than the limit.
    public static let ocrTimeCode = "PAGE_OCR_TIME_EXCEEDED"
    /// A page could not be read (rendered or recognised).
    public static let unreadablePageCode = "PAGE_UNREADABLE"
    /// A page has no text.
    public static let emptyPageCode = "EMPTY_PAGE"
}
