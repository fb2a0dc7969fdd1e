import TriageCore

/// How documents are read: the job's read mode and limits.
public struct ReadingOptions: Sendable, Hashable {
    /// When PDF pages are read by OCR.
    public var readMode: DocumentReaderConfig.ReadMode
    /// The limits on files, pages and archives.
    public var limits: ExtractionLimits
    /// The most bytes of a plain-text document (and of a Word document's text).
    public var maxTextBytes: Int

    /// Makes options.
    public init(readMode: DocumentReaderConfig.ReadMode = .serviceDefault, limits: ExtractionLimits = ExtractionLimits(), maxTextBytes: Int) {
        self.readMode = readMode
        self.limits = limits
        self.maxTextBytes = maxTextBytes
    }

    /// The most bytes of a file whose type is not known yet: the larger of the two size limits.
    public var maxReadBytes: Int { max(maxTextBytes, limits.maxFileBytes) }
}

/// A document read as far as it can be without OCR: each page has its text, or is waiting for OCR.
public struct PreparedDocument: Sendable {
    /// One page: read, or waiting for OCR.
    public enum Page: Sendable {
        /// Read (text, or a page-level error).
        case done(ExtractedPage)
        /// To be read by OCR.
        case needsOCR(OCRTask)
    }

    /// The pages, or the document-level error.
    public var pages: Result<[Page], DocumentError>

    /// The pages waiting for OCR, in page order.
    public var ocrTasks: [OCRTask] {
        guard case let .success(pages) = pages else { return [] }
        return pages.compactMap { page in
            if case let .needsOCR(task) = page { return task }
            return nil
        }
    }

    /// The document's text once every OCR task's page is in `recognized` (keyed by page number).
    public func finish(recognized: [Int: ExtractedPage]) -> Result<ExtractedText, DocumentError> {
        pages.map { pages in
            ExtractedText(pages: pages.map { page in
                switch page {
                case let .done(extracted): return extracted
                case let .needsOCR(task):
                    return recognized[task.number] ?? ExtractedPage(
                        info: PageInfo(number: task.number, type: task.type, characters: 0, error: DocumentError(
                            code: DocumentError.unreadablePageCode, message: "Page \(task.number) was not read.")),
                        text: [])
                }
            })
        }
    }
}

/// One page to read by OCR: the file's bytes (shared, not copied) and which page.
public struct OCRTask: Sendable {
    /// Where the page's image comes from.
    enum Source: Sendable {
        /// Page `index` (from 0) of a PDF, rendered.
        case pdf(index: Int)
        /// Page `index` (from 0) of an image file.
        case image(ImageFormat, index: Int)
    }

    /// The whole file's bytes, shared by every task of the file (not copied).
    let bytes: [UInt8]
    /// Which page of the file.
    let source: Source
    /// The page number, from 1.
    public let number: Int
    /// What kind of page it is.
    public let type: PageType
}

/// Reads documents of every supported type into page text: plain text, PDF (text layer, OCR for
/// pages without one), DOCX and ODT, PNG / JPEG / TIFF images (OCR), and `.gz` files holding one
/// of those. The type comes from the content, never the name.
///
/// Everything here blocks (C libraries): run it on the classification pool, never on Swift's
/// cooperative pool. Errors become error records, never crashes: a document-level failure is the
/// `failure` of the result, a page-level one the page's `error`.
public enum DocumentReader {
    /// The resolution PDF pages are rendered at for OCR.
    public static let renderDPI = 300.0
    /// Below this resolution (forced by `maxPagePixels` on a huge page), OCR cannot read text.
    static let lowestDPI = 50.0

    /// Reads everything of `bytes` that needs no OCR; pages that need OCR are left as tasks for
    /// `recognize`.
    public static func prepare(_ bytes: [UInt8], options: ReadingOptions) -> PreparedDocument {
        prepare(bytes, kind: FileKind.detect(Array(bytes.prefix(FileKind.headBytes))), options: options, nested: false)
    }

    /// Reads the whole document, OCR included, on the calling thread.
    public static func read(_ bytes: [UInt8], options: ReadingOptions, engines: OCREngines) -> Result<ExtractedText, DocumentError> {
        let prepared = prepare(bytes, options: options)
        var recognized: [Int: ExtractedPage] = [:]
        for task in prepared.ocrTasks { recognized[task.number] = recognize(task, options: options, engines: engines) }
        return prepared.finish(recognized: recognized)
    }

    private static func prepare(_ bytes: [UInt8], kind: FileKind, options: ReadingOptions, nested: Bool) -> PreparedDocument {
        func failure(_ code: String, _ message: String) -> PreparedDocument {
            PreparedDocument(pages: .failure(DocumentError(code: code, message: message)))
        }
        func pages(_ result: Result<[PreparedDocument.Page], DocumentError>) -> PreparedDocument {
            PreparedDocument(pages: result)
        }
        let limits = options.limits
        switch kind {
        case .text, .utf16Text:
            guard bytes.count <= options.maxTextBytes else {
                return pages(.failure(TextValidator.sizeExceeded(length: bytes.count, limit: options.maxTextBytes)))
            }
            return pages(plainText(bytes, utf16: kind == .utf16Text, options: options).map { [.done($0)] })
        case .unsupported(let description):
            return failure(DocumentError.unsupportedTypeCode, "The file is \(description), which Triage does not read.")
        case .archive(let format):
            return failure(
                DocumentError.unsupportedTypeCode,
                "The file is a \(format.rawValue) archive inside \(nested ? "a compressed file" : "an archive"); archives are read one level deep.")
        case .gzip where nested:
            return failure(DocumentError.unsupportedTypeCode, "The file is gzip data inside a compressed file; it is read one level deep.")
        default:
            break
        }
        guard bytes.count <= limits.maxFileBytes else {
            return pages(.failure(TextValidator.sizeExceeded(length: bytes.count, limit: limits.maxFileBytes)))
        }
        switch kind {
        case .pdf: return pages(preparePDF(bytes, options: options))
        case .image(let format): return pages(prepareImage(bytes, format: format, options: options))
        case .word(let format): return pages(readWord(bytes, format: format, options: options).map { [.done($0)] })
        case .gzip:
            do {
                let (inner, truncated) = try Gunzip.decompress(bytes, limit: options.maxReadBytes)
                if truncated {
                    return failure(
                        DocumentError.sizeExceededCode,
                        "The gzip file expands to more than \(options.maxReadBytes) bytes, the limit.")
                }
                return prepare(inner, kind: FileKind.detect(Array(inner.prefix(FileKind.headBytes))), options: options, nested: true)
            } catch {
                return failure(DocumentError.invalidDocumentCode, "The gzip file is damaged or truncated: \(Self.reason(error)).")
            }
        case .text, .utf16Text, .unsupported, .archive:
            return failure(DocumentError.internalCode, "The file could not be read.")  // handled above
        }
    }

    // MARK: plain text

    private static func plainText(_ bytes: [UInt8], utf16: Bool, options: ReadingOptions) -> Result<ExtractedPage, DocumentError> {
        let text: [UInt8]
        if utf16 {
            switch PlainText.utf8(fromUTF16: bytes) {
            case let .success(decoded): text = decoded
            case let .failure(error): return .failure(error)
            }
        } else {
            text = bytes
        }
        return TextValidator.validate(text).map { valid in
            ExtractedPage(
                info: PageInfo(number: 1, type: .plainText, characters: PlainText.characterCount(valid)),
                text: Array(valid))
        }
    }

    // MARK: PDF

    private static func preparePDF(_ bytes: [UInt8], options: ReadingOptions) -> Result<[PreparedDocument.Page], DocumentError> {
        guard hasEndOfFileMarker(bytes) else {
            return .failure(DocumentError(
                code: DocumentError.invalidDocumentCode,
                message: "The PDF is truncated: it does not end with the %%EOF marker."))
        }
        let pdf: PDFDocument
        do {
            pdf = try PDFDocument(bytes: bytes)
        } catch {
            return .failure(openFailure(error))
        }
        defer { pdf.close() }
        if let error = pageCountError(pdf.pageCount, limit: options.limits.maxPages) { return .failure(error) }
        var pages: [PreparedDocument.Page] = []
        for index in 0..<pdf.pageCount {
            let number = index + 1
            let layer: [UInt8]
            do {
                layer = try pdf.text(page: index)
            } catch {
                pages.append(.done(failedPage(number, .nativePDF, DocumentError.unreadablePageCode, "Page \(number) could not be read: \(error.message).")))
                continue
            }
            let hasTextLayer = !PlainText.isBlank(layer)
            let type: PageType = hasTextLayer ? .nativePDF : .scannedPDF
            if hasTextLayer, options.readMode == .serviceDefault {
                pages.append(.done(page(number, type, layer, limits: options.limits)))
            } else {
                pages.append(.needsOCR(OCRTask(bytes: bytes, source: .pdf(index: index), number: number, type: type)))
            }
        }
        return .success(pages)
    }

    /// True when the last kilobyte holds `%%EOF`: a PDF without it was cut short.
    static func hasEndOfFileMarker(_ bytes: [UInt8]) -> Bool {
        let marker = Array("%%EOF".utf8)
        let tail = bytes.suffix(1024)
        var index = tail.endIndex - marker.count
        while index >= tail.startIndex {
            if tail[index..<index + marker.count].elementsEqual(marker) { return true }
            index -= 1
        }
        return false
    }

    private static func openFailure(_ error: PopplerError) -> DocumentError {
        switch error.status {
        case .locked:
            return DocumentError(code: DocumentError.encryptedCode, message: "The PDF is encrypted and needs a password to open.")
        default:
            return DocumentError(code: DocumentError.invalidDocumentCode, message: "The PDF is damaged and cannot be read: \(error.message).")
        }
    }

    private static func pageCountError(_ count: Int, limit: Int) -> DocumentError? {
        if count == 0 { return DocumentError(code: DocumentError.emptyCode, message: "The document has no pages.") }
        if count > limit {
            return DocumentError(
                code: DocumentError.pageLimitCode, message: "The document has \(count) pages, more than the limit of \(limit) pages.")
        }
        return nil
    }

    // MARK: images

    private static func prepareImage(_ bytes: [UInt8], format: ImageFormat, options: ReadingOptions) -> Result<[PreparedDocument.Page], DocumentError> {
        let count: Int
        do {
            count = try ImagePages.count(bytes, format: format)
            _ = try ImagePages.size(bytes, format: format, page: 0)
        } catch {
            return .failure(DocumentError(
                code: DocumentError.invalidDocumentCode, message: "The \(format.rawValue) image is damaged and cannot be read: \(error)."))
        }
        if let error = pageCountError(count, limit: options.limits.maxPages) { return .failure(error) }
        return .success((0..<count).map { index in
            let number = index + 1
            do {
                let (width, height) = try ImagePages.size(bytes, format: format, page: index)
                let limit = options.limits.maxPagePixels
                guard width.multipliedReportingOverflow(by: height).partialValue <= limit, width <= limit, height <= limit else {
                    return .done(failedPage(
                        number, .image, DocumentError.pageSizeCode,
                        "Page \(number) is \(width) × \(height) pixels, more than the limit of \(limit) pixels."))
                }
            } catch {
                return .done(failedPage(number, .image, DocumentError.unreadablePageCode, "Page \(number) could not be read: \(error)."))
            }
            return .needsOCR(OCRTask(bytes: bytes, source: .image(format, index: index), number: number, type: .image))
        })
    }

    // MARK: OCR

    /// Reads one page by OCR with an engine from `engines`; failures become the page's error.
    public static func recognize(_ task: OCRTask, options: ReadingOptions, engines: OCREngines) -> ExtractedPage {
        let number = task.number
        let seconds = options.limits.maxOCRSecondsPerPage
        do {
            let text: [UInt8] = try engines.withEngine { engine in
                switch task.source {
                case let .pdf(index):
                    let pdf = try PDFDocument(bytes: task.bytes)
                    defer { pdf.close() }
                    let (width, height) = try pdf.size(page: index)
                    let dpi = renderResolution(width: width, height: height, maxPixels: options.limits.maxPagePixels)
                    guard dpi >= lowestDPI else {
                        throw DocumentError(
                            code: DocumentError.pageSizeCode,
                            message: "Page \(number) is too large to read by OCR within the limit of \(options.limits.maxPagePixels) pixels.")
                    }
                    let image = try pdf.render(page: index, dpi: dpi)
                    return try engine.recognize(image, dpi: Int(dpi), seconds: seconds)
                case let .image(format, index):
                    return try engine.recognize(task.bytes, format: format, page: index, seconds: seconds)
                }
            }
            return page(number, task.type, text, limits: options.limits)
        } catch let error as DocumentError {
            return failedPage(number, task.type, error.code, error.message)
        } catch let error as OCRFailure {
            if case .timedOut = error {
                return failedPage(number, task.type, DocumentError.ocrTimeCode, "OCR of page \(number) took longer than the limit of \(seconds) seconds.")
            }
            return failedPage(number, task.type, DocumentError.unreadablePageCode, "Page \(number) could not be read by OCR: \(error).")
        } catch {
            return failedPage(number, task.type, DocumentError.unreadablePageCode, "Page \(number) could not be read by OCR: \(reason(error)).")
        }
    }

    /// The resolution to render a page of `width` × `height` points at: `renderDPI`, lowered so
    /// the image stays within `maxPixels`.
    static func renderResolution(width: Double, height: Double, maxPixels: Int) -> Double {
        let area = max(1, width / 72) * max(1, height / 72)  // square inches
        let fitting = (Double(maxPixels) / area).squareRoot()
        return min(renderDPI, fitting.rounded(.down))
    }

    // MARK: Word

    private static func readWord(_ bytes: [UInt8], format: FileKind.WordFormat, options: ReadingOptions) -> Result<ExtractedPage, DocumentError> {
        let part = format == .docx ? "word/document.xml" : "content.xml"
        var xml: [UInt8]?
        var package: String?
        do {
            let reader = try ArchiveReader(bytes: bytes, name: "the \(format.rawValue) file")
            defer { reader.close() }
            var budget = options.limits.maxArchiveBytes
            while let entry = try reader.next() {
                if entry.path.hasPrefix("xl/") { package = "an Excel workbook (.xlsx)" }
                if entry.path.hasPrefix("ppt/") { package = "a PowerPoint presentation (.pptx)" }
                guard entry.path == part, entry.kind == .file else { continue }
                if entry.isEncrypted {
                    return .failure(DocumentError(code: DocumentError.encryptedCode, message: "The \(format.rawValue) file is encrypted."))
                }
                let (data, truncated, overBudget) = try reader.readData(limit: options.limits.maxFileBytes, budget: &budget)
                if truncated || overBudget {
                    return .failure(DocumentError(
                        code: DocumentError.sizeExceededCode,
                        message: "The \(format.rawValue) file's \(part) expands to more than \(min(options.limits.maxFileBytes, options.limits.maxArchiveBytes)) bytes, the limit."))
                }
                xml = data
                break
            }
        } catch {
            return .failure(DocumentError(
                code: DocumentError.invalidDocumentCode, message: "The \(format.rawValue) file is damaged and cannot be read: \(reason(error))."))
        }
        guard let xml else {
            if let package {
                return .failure(DocumentError(
                    code: DocumentError.unsupportedTypeCode,
                    message: "The file is \(package), an Office package without a Word document (\(part)), which Triage does not read."))
            }
            return .failure(DocumentError(
                code: DocumentError.invalidDocumentCode,
                message: "The \(format.rawValue) file has no \(part): it is damaged or not a word-processor document."))
        }
        var text = format == .docx ? OfficeText.wordprocessing(xml) : OfficeText.openDocument(xml)
        guard text.count <= options.maxTextBytes else {
            return .failure(TextValidator.sizeExceeded(length: text.count, limit: options.maxTextBytes))
        }
        if TextValidator.firstInvalidUTF8Offset(text[...]) != nil { text = Array(String(decoding: text, as: UTF8.self).utf8) }
        return .success(page(1, .msWord, text, limits: nil))
    }

    // MARK: pages

    /// A page read from `text`: an EMPTY_PAGE error when blank, PAGE_CHARACTERS_EXCEEDED over the
    /// limit (when `limits` apply), else its text as valid UTF-8.
    static func page(_ number: Int, _ type: PageType, _ text: [UInt8], limits: ExtractionLimits?) -> ExtractedPage {
        var text = text
        if TextValidator.firstInvalidUTF8Offset(text[...]) != nil { text = Array(String(decoding: text, as: UTF8.self).utf8) }
        let characters = PlainText.characterCount(text)
        if let limits, characters > limits.maxPageCharacters {
            return ExtractedPage(
                info: PageInfo(number: number, type: type, characters: characters, error: DocumentError(
                    code: DocumentError.pageCharactersCode,
                    message: "Page \(number) has \(characters) characters, more than the limit of \(limits.maxPageCharacters).")),
                text: [])
        }
        if PlainText.isBlank(text) {
            return ExtractedPage(
                info: PageInfo(number: number, type: type, characters: characters, error: DocumentError(
                    code: DocumentError.emptyPageCode, message: "Page \(number) has no text.")),
                text: [])
        }
        return ExtractedPage(info: PageInfo(number: number, type: type, characters: characters), text: text)
    }

    private static func failedPage(_ number: Int, _ type: PageType, _ code: String, _ message: String) -> ExtractedPage {
        ExtractedPage(info: PageInfo(number: number, type: type, characters: 0, error: DocumentError(code: code, message: message)), text: [])
    }

    /// A short reason for an error from a C wrapper: its cause when it has one.
    public static func reason(_ error: any Error) -> String {
        if let triage = error as? TriageError, let cause = triage.cause { return "\(cause)" }
        return "\(error)"
    }
}
