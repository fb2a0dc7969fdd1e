import Testing
import TriageCore
import TriageTestSupport
@testable import TriageExtract

@Suite struct PDFReadingTests {
    @Test func aTextLayerPDFIsReadPageByPageWithoutOCR() throws {
        let read = try pages("statement-2-pages.pdf")
        #expect(read.map(\.info.number) == [1, 2])
        #expect(read.map(\.info.type) == [.nativePDF, .nativePDF])
        #expect(words(text(read[0])).contains("BANK STATEMENT Account 12345678, period 1 to 31 May 2026 Opening balance 1,204.33"))
        #expect(words(text(read[1])).contains("30 May transfer to savings 300.00"))
        #expect(read.allSatisfy { $0.info.error == nil && $0.info.characters == text($0).unicodeScalars.count })
        // Nothing needed OCR.
        let prepared = DocumentReader.prepare(try TestDocuments.bytes("statement-2-pages.pdf"), options: options())
        #expect(prepared.ocrTasks.isEmpty)
    }

    @Test func aScannedPageIsReadByOCR() throws {
        let read = try pages("receipt-scanned.pdf")
        #expect(read.count == 1)
        #expect(read[0].info.type == .scannedPDF)
        #expect(words(text(read[0])).contains("Corner Hardware Store"))
        #expect(words(text(read[0])).contains("Total paid 23.74 by card"))
    }

    @Test func serviceDefaultOCRsOnlyThePagesWithoutATextLayer() throws {
        let prepared = DocumentReader.prepare(try TestDocuments.bytes("mixed-pages.pdf"), options: options())
        #expect(prepared.ocrTasks.map(\.number) == [2])
        let read = try pages("mixed-pages.pdf")
        #expect(read.map(\.info.type) == [.nativePDF, .scannedPDF])
        #expect(text(read[0]).hasPrefix("INVOICE 4471"))
        #expect(words(text(read[1])).contains("Corner Hardware Store"))
    }

    @Test func forceDocumentReadActionOCRsEveryPageAndKeepsItsType() throws {
        let force = options { $0.readMode = .forceDocumentReadAction }
        let prepared = DocumentReader.prepare(try TestDocuments.bytes("mixed-pages.pdf"), options: force)
        #expect(prepared.ocrTasks.map(\.number) == [1, 2])
        let read = try pages("mixed-pages.pdf", force)
        #expect(read.map(\.info.type) == [.nativePDF, .scannedPDF])
        #expect(words(text(read[0])).contains("Flour delivery, 40 sacks"))
    }

    @Test func damagedTruncatedAndEncryptedPDFsGetTheirErrors() throws {
        let corrupt = try documentError("corrupt.pdf")
        #expect(corrupt.code == DocumentError.invalidDocumentCode)
        #expect(corrupt.message.contains("damaged"))
        let truncated = try documentError("truncated.pdf")
        #expect(truncated.code == DocumentError.invalidDocumentCode)
        #expect(truncated.message.contains("truncated"))
        let encrypted = try documentError("encrypted.pdf")
        #expect(encrypted.code == DocumentError.encryptedCode)
        #expect(encrypted.message.contains("password"))
    }

    @Test func everyCutOfAPDFGivesAnErrorOrTextAndNeverACrash() throws {
        let pdf = try TestDocuments.bytes("invoice.pdf")
        var failures = 0
        for length in stride(from: 0, to: pdf.count, by: max(1, pdf.count / 40)) {
            // Cut, then given an end marker, so poppler itself meets the damage.
            let cut = Array(pdf.prefix(length)) + Array("\n%%EOF\n".utf8)
            switch DocumentReader.read(cut, options: options(), engines: OCREngines()) {
            case let .failure(error):
                failures += 1
                #expect([DocumentError.invalidDocumentCode, DocumentError.emptyCode].contains(error.code), "\(length): \(error)")
            case let .success(read):
                #expect(read.pages.allSatisfy { $0.info.error != nil || !$0.text.isEmpty })
            }
        }
        #expect(failures > 0)
    }

    @Test func pageCharacterAndFileSizeLimitsGiveTheirErrors() throws {
        let paged = try pages("statement-2-pages.pdf", options { $0.limits.maxPageCharacters = 150 })
        #expect(paged[0].info.error?.code == DocumentError.pageCharactersCode)
        #expect(paged[0].info.error?.message.contains("limit of 150") == true)
        #expect(paged[0].text.isEmpty)
        #expect(paged[1].info.error == nil)
        #expect(try documentError("statement-2-pages.pdf", options { $0.limits.maxPages = 1 }).code == DocumentError.pageLimitCode)
        #expect(try documentError("invoice.pdf", options { $0.limits.maxFileBytes = 1000 }).code == DocumentError.sizeExceededCode)
    }

    @Test func hugePagesAreRenderedWithinThePixelLimit() {
        // An A4 page at 300 dpi is 8.7 million pixels: within the default limit it keeps 300 dpi.
        #expect(DocumentReader.renderResolution(width: 595, height: 842, maxPixels: 50_000_000) == 300)
        // A poster of 100 × 100 inches is rendered at 70 dpi to stay within 50 million pixels.
        let dpi = DocumentReader.renderResolution(width: 7200, height: 7200, maxPixels: 50_000_000)
        #expect(dpi == 70)
        #expect((100 * dpi) * (100 * dpi) <= 50_000_000)
    }
}
