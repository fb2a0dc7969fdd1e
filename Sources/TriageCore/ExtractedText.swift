/// The text read from one document, page by page: what extraction hands to classification.
public struct ExtractedText: Sendable, Hashable {
    /// The pages in order; one for plain text and Word documents.
    public var pages: [ExtractedPage]

    /// Makes extracted text.
    public init(pages: [ExtractedPage]) {
        self.pages = pages
    }

    /// True for a plain-text document: its record keeps Comprehend's plain-text shape.
    public var isPlainText: Bool { pages.count == 1 && pages[0].info.type == .plainText }
}

/// One page's text, or why it has none.
public struct ExtractedPage: Sendable, Hashable {
    /// What the record says about the page.
    public var info: PageInfo
    /// The page's text as valid UTF-8; empty when `info.error` is set.
    public var text: [UInt8]

    /// Makes a page.
    public init(info: PageInfo, text: [UInt8]) {
        self.info = info
        self.text = text
    }
}

/// What a record says about one page: Comprehend's `DocumentMetadata.ExtractedCharacters`,
/// `DocumentType` and `Errors` entries for it.
public struct PageInfo: Sendable, Hashable {
    /// The page number, from 1.
    public var number: Int
    /// What kind of document the page came from.
    public var type: PageType
    /// Characters (Unicode scalars) extracted from the page.
    public var characters: Int
    /// Why the page could not be classified, if it could not.
    public var error: DocumentError?

    /// Makes page information.
    public init(number: Int, type: PageType, characters: Int, error: DocumentError? = nil) {
        self.number = number
        self.type = type
        self.characters = characters
        self.error = error
    }
}

/// The pages a record of a native document covers.
public struct PageSpan: Sendable, Hashable {
    /// The number of pages of the whole document (`DocumentMetadata.Pages`).
    public var pageCount: Int
    /// The record's pages, in order: one, or a range under `--split-pages`.
    public var pages: [PageInfo]
    /// True for a `--split-pages` record, written with a `PageRange`; false for Comprehend's
    /// one-record-per-page shape, written with `DocumentMetadata.PageNumber`.
    public var isRange: Bool

    /// Makes a span.
    public init(pageCount: Int, pages: [PageInfo], isRange: Bool) {
        self.pageCount = pageCount
        self.pages = pages
        self.isRange = isRange
    }
}
