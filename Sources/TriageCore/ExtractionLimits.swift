/// Limits that protect the worker from documents too large to read: a document or page past one
/// gets an error record and the job goes on.
///
/// Stored with the job (in `JobOptions`), so a job resumed from the journal applies the same limits.
/// Every key decodes to its default when absent, so older journals still decode.
public struct ExtractionLimits: Sendable, Codable, Hashable {
    /// The most bytes of a PDF, Word, image or `.gz` file (and of each archive member of those
    /// types): larger ones get DOCUMENT_SIZE_EXCEEDED. Plain text keeps `--max-document-bytes`.
    public var maxFileBytes: Int
    /// The most pages of one document: more gives PAGE_LIMIT_EXCEEDED.
    public var maxPages: Int
    /// The most characters read from one PDF or image page: more gives PAGE_CHARACTERS_EXCEEDED.
    public var maxPageCharacters: Int
    /// The most pixels of one image page (width × height) read by OCR: more gives PAGE_SIZE_EXCEEDED.
    /// PDF pages are rendered at a resolution that keeps them under it.
    public var maxPagePixels: Int
    /// The most bytes decompressed from one archive (members together): a zip bomb stops here.
    public var maxArchiveBytes: Int
    /// The most members read from one archive.
    public var maxArchiveMembers: Int
    /// The most seconds of OCR for one page: longer gives PAGE_OCR_TIME_EXCEEDED.
    public var maxOCRSecondsPerPage: Double

    /// 64 MiB.
    public static let defaultMaxFileBytes = 64 << 20
    /// 1,000 pages.
    public static let defaultMaxPages = 1_000
    /// 100,000 characters (Comprehend's own limit is 10,000).
    public static let defaultMaxPageCharacters = 100_000
    /// 50 million pixels (an A4 page at 600 dpi has 35 million).
    public static let defaultMaxPagePixels = 50_000_000
    /// 1 GiB.
    public static let defaultMaxArchiveBytes = 1 << 30
    /// 10,000 members.
    public static let defaultMaxArchiveMembers = 10_000
    /// 60 seconds.
    public static let defaultMaxOCRSecondsPerPage = 60.0

    /// Makes limits; each defaults to the documented value.
    public init(
        maxFileBytes: Int = ExtractionLimits.defaultMaxFileBytes,
        maxPages: Int = ExtractionLimits.defaultMaxPages,
        maxPageCharacters: Int = ExtractionLimits.defaultMaxPageCharacters,
        maxPagePixels: Int = ExtractionLimits.defaultMaxPagePixels,
        maxArchiveBytes: Int = ExtractionLimits.defaultMaxArchiveBytes,
        maxArchiveMembers: Int = ExtractionLimits.defaultMaxArchiveMembers,
        maxOCRSecondsPerPage: Double = ExtractionLimits.defaultMaxOCRSecondsPerPage
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxPages = maxPages
        self.maxPageCharacters = maxPageCharacters
        self.maxPagePixels = maxPagePixels
        self.maxArchiveBytes = maxArchiveBytes
        self.maxArchiveMembers = maxArchiveMembers
        self.maxOCRSecondsPerPage = maxOCRSecondsPerPage
    }

    enum CodingKeys: String, CodingKey {
        case maxFileBytes = "MaxFileBytes", maxPages = "MaxPages", maxPageCharacters = "MaxPageCharacters"
        case maxPagePixels = "MaxPagePixels", maxArchiveBytes = "MaxArchiveBytes", maxArchiveMembers = "MaxArchiveMembers"
        case maxOCRSecondsPerPage = "MaxOCRSecondsPerPage"
    }

    /// Decodes the limits; a key that is absent takes its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ExtractionLimits()
        maxFileBytes = try container.decodeIfPresent(Int.self, forKey: .maxFileBytes) ?? defaults.maxFileBytes
        maxPages = try container.decodeIfPresent(Int.self, forKey: .maxPages) ?? defaults.maxPages
        maxPageCharacters = try container.decodeIfPresent(Int.self, forKey: .maxPageCharacters) ?? defaults.maxPageCharacters
        maxPagePixels = try container.decodeIfPresent(Int.self, forKey: .maxPagePixels) ?? defaults.maxPagePixels
        maxArchiveBytes = try container.decodeIfPresent(Int.self, forKey: .maxArchiveBytes) ?? defaults.maxArchiveBytes
        maxArchiveMembers = try container.decodeIfPresent(Int.self, forKey: .maxArchiveMembers) ?? defaults.maxArchiveMembers
        maxOCRSecondsPerPage = try container.decodeIfPresent(Double.self, forKey: .maxOCRSecondsPerPage)
            ?? defaults.maxOCRSecondsPerPage
    }

    /// Throws `.invalidArgument` naming the first limit that is not positive.
    public func validate() throws {
        let counts: [(String, Int)] = [
            ("max-file-bytes", maxFileBytes), ("max-pages", maxPages), ("max-page-characters", maxPageCharacters),
            ("max-page-pixels", maxPagePixels), ("max-archive-bytes", maxArchiveBytes),
            ("max-archive-members", maxArchiveMembers),
        ]
        for (name, value) in counts where value < 1 {
            throw TriageError(.invalidArgument, "--\(name) must be at least 1, not \(value)")
        }
        guard maxOCRSecondsPerPage > 0, maxOCRSecondsPerPage.isFinite else {
            throw TriageError(.invalidArgument, "--max-ocr-seconds must be a positive number of seconds")
        }
    }
}
