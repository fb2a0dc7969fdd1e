/// Comprehend's `DocumentType` of a page: what kind of document the page came from.
public enum PageType: String, Sendable, Hashable, CaseIterable {
    /// A PDF page with a text layer.
    case nativePDF = "NATIVE_PDF"
    /// A PDF page without a text layer (a scan), read by OCR.
    case scannedPDF = "SCANNED_PDF"
    /// A Word (DOCX) or OpenDocument (ODT) text document, read as one page.
    case msWord = "MS_WORD"
    /// A PNG, JPEG or TIFF image page, read by OCR.
    case image = "IMAGE"
    /// Plain text.
    case plainText = "PLAIN_TEXT"
}
