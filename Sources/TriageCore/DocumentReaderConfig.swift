/// Comprehend's `DocumentReaderConfig`: how text is read from PDF files and images.
///
/// Triage reads text with poppler (a PDF page's text layer) and tesseract (OCR); the read action
/// names Textract's APIs only for compatibility: both actions OCR the page's text, and
/// `FeatureTypes` (tables, forms) do not change what is read.
public struct DocumentReaderConfig: Sendable, Codable, Hashable {
    /// `DocumentReadAction`: the OCR call Comprehend would make (both read the page's text here).
    public enum ReadAction: String, Sendable, Codable, CaseIterable {
        /// Textract's DetectDocumentText.
        case detectDocumentText = "TEXTRACT_DETECT_DOCUMENT_TEXT"
        /// Textract's AnalyzeDocument.
        case analyzeDocument = "TEXTRACT_ANALYZE_DOCUMENT"
    }

    /// `DocumentReadMode`: when pages are read by OCR.
    public enum ReadMode: String, Sendable, Codable, CaseIterable {
        /// A PDF page's text layer is used; only pages without one (scans) are read by OCR.
        case serviceDefault = "SERVICE_DEFAULT"
        /// Every PDF page is read by OCR, text layer or not.
        case forceDocumentReadAction = "FORCE_DOCUMENT_READ_ACTION"
    }

    /// `FeatureTypes` of Textract's AnalyzeDocument.
    public enum FeatureType: String, Sendable, Codable, CaseIterable {
        /// Tables.
        case tables = "TABLES"
        /// Forms.
        case forms = "FORMS"
    }

    /// `DocumentReadAction`; TEXTRACT_DETECT_DOCUMENT_TEXT when absent.
    public var documentReadAction: ReadAction
    /// `DocumentReadMode`; SERVICE_DEFAULT when absent.
    public var documentReadMode: ReadMode
    /// `FeatureTypes`, allowed with TEXTRACT_ANALYZE_DOCUMENT only.
    public var featureTypes: [FeatureType]

    /// Makes a configuration; the defaults are Comprehend's.
    public init(
        documentReadAction: ReadAction = .detectDocumentText,
        documentReadMode: ReadMode = .serviceDefault,
        featureTypes: [FeatureType] = []
    ) {
        self.documentReadAction = documentReadAction
        self.documentReadMode = documentReadMode
        self.featureTypes = featureTypes
    }

    enum CodingKeys: String, CodingKey {
        case documentReadAction = "DocumentReadAction"
        case documentReadMode = "DocumentReadMode"
        case featureTypes = "FeatureTypes"
    }

    /// Decodes Comprehend's JSON; absent keys take their defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        documentReadAction = try container.decodeIfPresent(ReadAction.self, forKey: .documentReadAction) ?? .detectDocumentText
        documentReadMode = try container.decodeIfPresent(ReadMode.self, forKey: .documentReadMode) ?? .serviceDefault
        featureTypes = try container.decodeIfPresent([FeatureType].self, forKey: .featureTypes) ?? []
    }

    /// Encodes Comprehend's JSON; `FeatureTypes` only when there are some.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(documentReadAction, forKey: .documentReadAction)
        try container.encode(documentReadMode, forKey: .documentReadMode)
        if !featureTypes.isEmpty { try container.encode(featureTypes, forKey: .featureTypes) }
    }

    /// Throws `.invalidArgument` for a combination Comprehend refuses: feature types without
    /// TEXTRACT_ANALYZE_DOCUMENT.
    public func validate() throws {
        if !featureTypes.isEmpty, documentReadAction != .analyzeDocument {
            throw TriageError(
                .invalidArgument,
                "FeatureTypes can only be given with DocumentReadAction TEXTRACT_ANALYZE_DOCUMENT")
        }
    }
}
