internal import CPoppler
import TriageCore

/// poppler's status and message for a failed call, carried as a `TriageError` cause.
public struct PopplerError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure poppler reported.
    public enum Status: Sendable, Hashable {
        /// Not a PDF poppler can open.
        case damaged
        /// Encrypted; needs a user password.
        case locked
        /// A page could not be loaded, read or rendered.
        case badPage
        /// Memory ran out.
        case noMemory
        /// Anything else.
        case failed
    }

    /// The kind of failure.
    public let status: Status
    /// The shim's or poppler's description.
    public let message: String
    /// The message.
    public var description: String { message }
}

/// A PDF opened with poppler from bytes in memory: page count, each page's text layer, and pages
/// rendered to grey for OCR.
///
/// Owns its poppler handle: `close()` frees it (idempotent) and `deinit` calls it. Not safe for
/// concurrent use: each task opens its own.
final class PDFDocument {
    private var handle: OpaquePointer?
    /// The number of pages.
    let pageCount: Int

    /// Opens `bytes`; throws a `PopplerError` saying whether the file is damaged or locked.
    init(bytes: [UInt8]) throws(PopplerError) {
        var opened: OpaquePointer?
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBytes { data in
            message.withUnsafeMutableBufferPointer { buffer in
                triage_pdf_open(data.baseAddress, data.count, &opened, buffer.baseAddress, buffer.count)
            }
        }
        guard status == TRIAGE_PDF_OK, let opened else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw PopplerError(status: Self.status(status), message: text)
        }
        handle = opened
        pageCount = Int(triage_pdf_page_count(opened))
    }

    deinit { close() }

    /// Frees the document; idempotent.
    func close() {
        if let handle { triage_pdf_close(handle) }
        handle = nil
    }

    private static func status(_ status: triage_pdf_status) -> PopplerError.Status {
        switch status {
        case TRIAGE_PDF_DAMAGED: return .damaged
        case TRIAGE_PDF_LOCKED: return .locked
        case TRIAGE_PDF_BAD_PAGE: return .badPage
        case TRIAGE_PDF_NO_MEMORY: return .noMemory
        default: return .failed
        }
    }

    /// Throws for a failed call, with the handle's message read before anything else can replace it.
    private func check(_ status: triage_pdf_status) throws(PopplerError) {
        guard status != TRIAGE_PDF_OK else { return }
        let message = handle.map { String(cString: triage_pdf_last_error($0)) } ?? "the document is closed"
        throw PopplerError(status: Self.status(status), message: message)
    }

    private func openHandle() throws(PopplerError) -> OpaquePointer {
        guard let handle else { throw PopplerError(status: .failed, message: "the document is closed") }
        return handle
    }

    /// The text layer of page `index` (from 0) in reading order, as UTF-8.
    func text(page index: Int) throws(PopplerError) -> [UInt8] {
        let handle = try openHandle()
        var text: UnsafeMutablePointer<CChar>?
        var length = 0
        try check(triage_pdf_page_text(handle, Int32(clamping: index), &text, &length))
        defer { triage_pdf_free(text) }
        guard let text, length > 0 else { return [] }
        return text.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    /// The size of page `index` in points (1/72 inch), as it is displayed.
    func size(page index: Int) throws(PopplerError) -> (width: Double, height: Double) {
        let handle = try openHandle()
        var width = 0.0
        var height = 0.0
        try check(triage_pdf_page_size(handle, Int32(clamping: index), &width, &height))
        return (width, height)
    }

    /// Page `index` rendered at `dpi` to 8-bit grey.
    func render(page index: Int, dpi: Double) throws(PopplerError) -> GrayImage {
        let handle = try openHandle()
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0
        var height: Int32 = 0
        var stride: Int32 = 0
        try check(triage_pdf_render_gray(handle, Int32(clamping: index), dpi, &pixels, &width, &height, &stride))
        guard let pixels else { throw PopplerError(status: .badPage, message: "page \(index + 1) rendered to nothing") }
        return GrayImage(pixels: pixels, width: Int(width), height: Int(height), stride: Int(stride))
    }
}

/// An 8-bit grey image (0 black, 255 white) in memory the shim allocated: `height` rows of
/// `stride` bytes. Owns the memory; frees it on deinit.
final class GrayImage {
    private let pixels: UnsafeMutablePointer<UInt8>
    /// Pixels per row.
    let width: Int
    /// Rows.
    let height: Int
    /// Bytes per row.
    let stride: Int

    fileprivate init(pixels: UnsafeMutablePointer<UInt8>, width: Int, height: Int, stride: Int) {
        self.pixels = pixels
        self.width = width
        self.height = height
        self.stride = stride
    }

    deinit { triage_pdf_free(pixels) }

    /// Runs `body` with the pixels; the pointer must not escape it.
    func withPixels<T>(_ body: (UnsafePointer<UInt8>) throws -> T) rethrows -> T {
        try body(pixels)
    }
}
