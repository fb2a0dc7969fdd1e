import Testing
import TriageCore
import TriageTestSupport
@testable import TriageExtract

@Suite struct ImageReadingTests {
    @Test func aPNGScanIsReadByOCR() throws {
        let read = try pages("receipt.png")
        #expect(read.count == 1)
        #expect(read[0].info.type == .image)
        #expect(words(text(read[0])) == "RECEIPT Corner Hardware Store Hammer 12.99 Box of nails 4.50 Paint brush 6.25 Total paid 23.74 by card Thank you for shopping with us.")
        #expect(read[0].info.characters == text(read[0]).unicodeScalars.count)
    }

    @Test func aJPEGScanIsReadByOCR() throws {
        let read = try pages("letter.jpg")
        #expect(words(text(read[0])).contains("Thank you for your kind letter about the garden festival."))
    }

    @Test func everyPageOfATIFFIsAPage() throws {
        let read = try pages("statement.tif")
        #expect(read.map(\.info.number) == [1, 2])
        #expect(read.map(\.info.type) == [.image, .image])
        #expect(words(text(read[0])).contains("Opening balance 1,204.33"))
        #expect(words(text(read[1])).contains("Closing balance 2,394.38"))
    }

    @Test func aPageOverThePixelLimitIsNotDecoded() throws {
        let read = try pages("huge-page.png")
        #expect(read[0].info.error?.code == DocumentError.pageSizeCode)
        #expect(read[0].info.error?.message.contains("8000 × 8000 pixels") == true)
        let allowed = DocumentReader.prepare(try TestDocuments.bytes("huge-page.png"), options: options { $0.limits.maxPagePixels = 64_000_000 })
        #expect(allowed.ocrTasks.count == 1)
    }

    @Test func ocrPastItsTimeLimitGivesAPageError() throws {
        let read = try pages("statement.tif", options { $0.limits.maxOCRSecondsPerPage = 0.001 })
        #expect(read.map { $0.info.error?.code } == [DocumentError.ocrTimeCode, DocumentError.ocrTimeCode])
        #expect(read[0].info.error?.message.contains("0.001 seconds") == true)
    }

    @Test func aDamagedImageIsInvalidAndACutOneHasAnUnreadablePage() throws {
        let png = try TestDocuments.bytes("receipt.png")
        // The header itself is cut: the image is damaged.
        #expect(DocumentReader.read(Array(png.prefix(20)), options: options(), engines: OCREngines()).failureCode == DocumentError.invalidDocumentCode)
        // The header is whole, the pixels are not: the page cannot be read.
        guard case let .success(cut) = DocumentReader.read(Array(png.prefix(60)), options: options(), engines: OCREngines()) else {
            Issue.record("a PNG with a whole header was refused as a document")
            return
        }
        #expect(cut.pages.map { $0.info.error?.code } == [DocumentError.unreadablePageCode])
    }

    @Test func enginesAreReusedPageAfterPage() throws {
        let engines = OCREngines()
        for name in ["receipt.png", "letter.jpg"] {
            _ = DocumentReader.read(try TestDocuments.bytes(name), options: options(), engines: engines)
        }
        #expect(engines.count == 1)
    }
}
