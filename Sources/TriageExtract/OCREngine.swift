internal import CTesseract
import TriageCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why OCR of a page gave no text.
public enum OCRFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Recognition went past its deadline and was cancelled.
    case timedOut(seconds: Double)
    /// tesseract or leptonica failed, with their message.
    case failed(String)

    /// A sentence saying what happened.
    public var description: String {
        switch self {
        case let .timedOut(seconds): return "OCR took longer than \(seconds) seconds"
        case let .failed(message): return message
        }
    }
}

/// The image formats read by OCR.
public enum ImageFormat: String, Sendable, Hashable {
    /// PNG.
    case png = "PNG"
    /// JPEG.
    case jpeg = "JPEG"
    /// TIFF, one or more pages.
    case tiff = "TIFF"
}

/// One tesseract engine with its English model, reused page after page (loading the model takes
/// about 0.1 s). Owns its handle: `close()` frees it (idempotent) and `deinit` calls it.
///
/// `@unchecked Sendable` so `OCREngines` can keep it between pages: it is used by one task at a
/// time, the one `OCREngines` handed it to, and moves between threads only while idle.
///
/// tesseract's own threads are meant to be limited to one (`OMP_THREAD_LIMIT=1`, set by the
/// `triage` entry point): pages are recognised in parallel on the classification pool instead.
final class OCREngine: @unchecked Sendable {
    private var handle: OpaquePointer?

    /// Creates an engine; throws when tesseract or its English data (`tesseract-ocr-eng`) is missing.
    init() throws {
        ImagePages.quiet
        guard let handle = TessBaseAPICreate() else {
            throw TriageError(.unreadable, "cannot start OCR: tesseract could not allocate an engine")
        }
        // tesseract reports page-level warnings ("Empty page!!", resolution guesses) on standard
        // error; pages get error records instead.
        TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
        guard TessBaseAPIInit3(handle, nil, "eng") == 0 else {
            TessBaseAPIDelete(handle)
            throw TriageError(
                .unreadable,
                "cannot start OCR: tesseract could not load its English data (install tesseract-ocr-eng, or set TESSDATA_PREFIX)")
        }
        TessBaseAPISetPageSegMode(handle, PSM_AUTO)
        self.handle = handle
    }

    deinit { close() }

    /// Frees the engine; idempotent.
    func close() {
        if let handle {
            TessBaseAPIEnd(handle)
            TessBaseAPIDelete(handle)
        }
        handle = nil
    }

    /// The text of a grey page image rendered at `dpi`, recognised within `seconds`.
    func recognize(_ image: GrayImage, dpi: Int, seconds: Double) throws(OCRFailure) -> [UInt8] {
        guard let handle else { throw .failed("the OCR engine is closed") }
        image.withPixels { pixels in
            TessBaseAPISetImage(handle, pixels, Int32(image.width), Int32(image.height), 1, Int32(image.stride))
        }
        TessBaseAPISetSourceResolution(handle, Int32(dpi))
        return try recognizeCurrentImage(handle, seconds: seconds)
    }

    /// The text of page `page` (from 0) of an image file, recognised within `seconds`.
    func recognize(_ bytes: [UInt8], format: ImageFormat, page: Int, seconds: Double) throws(OCRFailure) -> [UInt8] {
        guard let handle else { throw .failed("the OCR engine is closed") }
        let decoded: UnsafeMutablePointer<PIX>? = bytes.withUnsafeBufferPointer { data in
            guard let base = data.baseAddress else { return nil }
            return format == .tiff ? pixReadMemTiff(base, data.count, Int32(clamping: page)) : pixReadMem(base, data.count)
        }
        guard decoded != nil else { throw .failed("leptonica cannot decode page \(page + 1) of the \(format.rawValue) image") }
        var pix = decoded
        defer { pixDestroy(&pix) }
        // tesseract takes 1-, 8- and 32-bit images without a colour map.
        if pixGetColormap(pix) != nil || ![1, 8, 32].contains(pixGetDepth(pix)) {
            let grey = pixConvertTo8(pix, 0)
            pixDestroy(&pix)
            pix = grey
            guard pix != nil else { throw .failed("leptonica cannot convert the image to grey") }
        }
        TessBaseAPISetImage2(handle, pix)
        let resolution = pixGetXRes(pix)
        if (70...2400).contains(resolution) { TessBaseAPISetSourceResolution(handle, resolution) }
        return try recognizeCurrentImage(handle, seconds: seconds)
    }

    private func recognizeCurrentImage(_ handle: OpaquePointer, seconds: Double) throws(OCRFailure) -> [UInt8] {
        defer { TessBaseAPIClear(handle) }
        guard let monitor = TessMonitorCreate() else { throw .failed("tesseract could not allocate a progress monitor") }
        defer { TessMonitorDelete(monitor) }
        let started = ContinuousClock.now
        TessMonitorSetDeadlineMSecs(monitor, Int32(clamping: Int((seconds * 1000).rounded(.up))))
        guard TessBaseAPIRecognize(handle, monitor) == 0 else {
            let elapsed = ContinuousClock.now - started
            if elapsed >= .milliseconds(Int((seconds * 1000).rounded(.down))) { throw .timedOut(seconds: seconds) }
            throw .failed("tesseract could not recognise the page")
        }
        guard let text = TessBaseAPIGetUTF8Text(handle) else { return [] }
        defer { TessDeleteText(text) }
        return Array(UnsafeRawBufferPointer(start: text, count: strlen(text)))
    }
}

/// The pages of image files, read from their headers with leptonica (no pixels are decoded).
enum ImagePages {
    /// The number of pages: TIFF files may hold several, PNG and JPEG one.
    static func count(_ bytes: [UInt8], format: ImageFormat) throws(OCRFailure) -> Int {
        quiet
        guard format == .tiff else { return 1 }
        return try bytes.withUnsafeBufferPointer { data throws(OCRFailure) -> Int in
            guard let base = data.baseAddress,
                let file = fmemopen(UnsafeMutableRawPointer(mutating: base), data.count, "r")
            else { throw .failed("cannot read the TIFF image") }
            defer { fclose(file) }
            var count: Int32 = 0
            guard tiffGetCount(file, &count) == 0 else { throw .failed("leptonica cannot count the pages of the TIFF image") }
            return Int(count)
        }
    }

    /// The width and height in pixels of page `page` (from 0).
    static func size(_ bytes: [UInt8], format: ImageFormat, page: Int) throws(OCRFailure) -> (width: Int, height: Int) {
        quiet
        var width: Int32 = 0
        var height: Int32 = 0
        var ignored: Int32 = 0
        var ignoredAlso: Int32 = 0
        var ignoredMore: Int32 = 0
        var ignoredFormat: Int32 = 0
        var ignoredResolution: Int32 = 0
        let status: Int32 = bytes.withUnsafeBufferPointer { data in
            guard let base = data.baseAddress else { return 1 }
            if format == .tiff {
                return readHeaderMemTiff(
                    base, data.count, Int32(clamping: page), &width, &height, &ignored, &ignoredAlso,
                    &ignoredResolution, &ignoredMore, &ignoredFormat)
            }
            return pixReadHeaderMem(base, data.count, &ignoredFormat, &width, &height, &ignored, &ignoredAlso, &ignoredMore)
        }
        guard status == 0, width > 0, height > 0 else {
            throw .failed("leptonica cannot read the header of page \(page + 1) of the \(format.rawValue) image")
        }
        return (Int(width), Int(height))
    }

    /// Stops leptonica from printing its errors on standard error (callers report them instead).
    static let quiet: Void = {
        _ = setMsgSeverity(6)  // L_SEVERITY_NONE
    }()
}
