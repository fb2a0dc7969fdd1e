import ArgumentParser
import TriageCore

/// How native documents are read: `--document-reader-config`, `--split-pages` and the extraction
/// limits, shared by `classify` and `run` (and the job commands to come).
struct DocumentOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Comprehend's DocumentReaderConfig, in the AWS CLI's shorthand or as JSON.",
        discussion: """
            e.g. DocumentReadMode=FORCE_DOCUMENT_READ_ACTION (OCR every PDF page) or SERVICE_DEFAULT \
            (a page's text layer, OCR only for pages without one; the default). DocumentReadAction \
            (TEXTRACT_DETECT_DOCUMENT_TEXT or TEXTRACT_ANALYZE_DOCUMENT) and FeatureTypes are accepted \
            for compatibility; both actions read the page's text.
            """,
        valueName: "config"))
    var documentReaderConfig: String?

    @Flag(help: ArgumentHelp(
        "Classify each page and write one record per run of consecutive pages of the same class, with a PageRange.",
        discussion: "Splits a file holding several documents (a scanned bundle). Without it, a PDF, Word or image file gets one record per page."))
    var splitPages = false

    @Option(help: "PDF, Word, image and .gz files (and archive members) larger than this many bytes get DOCUMENT_SIZE_EXCEEDED.")
    var maxFileBytes: Int = ExtractionLimits.defaultMaxFileBytes

    @Option(help: "Documents with more pages than this get PAGE_LIMIT_EXCEEDED.")
    var maxPages: Int = ExtractionLimits.defaultMaxPages

    @Option(help: "PDF and image pages with more characters than this get PAGE_CHARACTERS_EXCEEDED (Comprehend's limit is 10000).")
    var maxPageCharacters: Int = ExtractionLimits.defaultMaxPageCharacters

    @Option(help: "Image pages with more pixels (width × height) than this get PAGE_SIZE_EXCEEDED; PDF pages are rendered within it.")
    var maxPagePixels: Int = ExtractionLimits.defaultMaxPagePixels

    @Option(help: "Bytes decompressed from one archive, at most (members together): a zip bomb stops here.")
    var maxArchiveBytes: Int = ExtractionLimits.defaultMaxArchiveBytes

    @Option(help: "Members read from one archive, at most.")
    var maxArchiveMembers: Int = ExtractionLimits.defaultMaxArchiveMembers

    @Option(help: "Seconds of OCR for one page, at most: longer gives PAGE_OCR_TIME_EXCEEDED.")
    var maxOcrSeconds: Double = ExtractionLimits.defaultMaxOCRSecondsPerPage

    func validate() throws {
        do {
            try limits().validate()
            _ = try readerConfig()
        } catch let error as TriageError {
            throw ValidationError(error.description)
        }
    }

    /// The extraction limits these options give.
    func limits() -> ExtractionLimits {
        ExtractionLimits(
            maxFileBytes: maxFileBytes, maxPages: maxPages, maxPageCharacters: maxPageCharacters,
            maxPagePixels: maxPagePixels, maxArchiveBytes: maxArchiveBytes, maxArchiveMembers: maxArchiveMembers,
            maxOCRSecondsPerPage: maxOcrSeconds)
    }

    /// `--document-reader-config` parsed (the AWS CLI's shorthand or JSON), or nil when it was not given.
    func readerConfig() throws -> DocumentReaderConfig? {
        guard let documentReaderConfig else { return nil }
        let config: DocumentReaderConfig
        do {
            config = try Shorthand.decode(DocumentReaderConfig.self, from: documentReaderConfig, option: "--document-reader-config")
        } catch let error as TriageError {
            throw TriageError(
                .invalidArgument,
                "\(error.message); give DocumentReadMode=SERVICE_DEFAULT|FORCE_DOCUMENT_READ_ACTION, "
                    + "DocumentReadAction=TEXTRACT_DETECT_DOCUMENT_TEXT|TEXTRACT_ANALYZE_DOCUMENT, FeatureTypes=[TABLES,FORMS], or JSON",
                cause: error.cause)
        }
        try config.validate()
        return config
    }
}
