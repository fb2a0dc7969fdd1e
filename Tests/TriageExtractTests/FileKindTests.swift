import Testing
import TriageTestSupport
@testable import TriageExtract

@Suite struct FileKindTests {
    @Test(arguments: [
        ("letter.txt", FileKind.text), ("letter-utf16le.txt", .utf16Text), ("letter-utf16be.txt", .utf16Text),
        ("invoice.pdf", .pdf), ("receipt-scanned.pdf", .pdf), ("letter.docx", .word(.docx)), ("letter.odt", .word(.odt)),
        ("receipt.png", .image(.png)), ("letter.jpg", .image(.jpeg)), ("statement.tif", .image(.tiff)),
        ("letter.txt.gz", .gzip), ("invoice.pdf.gz", .gzip), ("bundle.zip", .archive(.zip)), ("bundle.tar", .archive(.tar)),
        ("bundle.tar.gz", .archive(.tarGzip)), ("workbook.xlsx", .word(.docx)),
    ])
    func detectsEachGeneratedTypeFromItsContent(_ name: String, _ kind: FileKind) throws {
        let bytes = try TestDocuments.bytes(name)
        #expect(FileKind.detect(Array(bytes.prefix(FileKind.headBytes))) == kind)
    }

    @Test func theNameDoesNotMatterOnlyTheBytes() throws {
        // A PDF named .txt is a PDF; a text mentioning %PDF- after its start is text.
        let pdf = try TestDocuments.bytes("invoice.pdf")
        #expect(FileKind.detect(Array(pdf.prefix(64))) == .pdf)
        #expect(FileKind.detect(Array("See the %PDF-1.4 header of the file".utf8)) == .text)
        #expect(FileKind.detect([]) == .text)
    }

    @Test func legacyOfficeAndOtherFormatsAreNamedAsUnsupported() throws {
        guard case let .unsupported(what) = FileKind.detect(try TestDocuments.bytes("legacy.doc")) else {
            Issue.record("an OLE2 file was not refused")
            return
        }
        #expect(what.contains("OLE2"))
        #expect(FileKind.detect(Array("GIF89a....".utf8)) == .unsupported("a GIF image"))
        #expect(FileKind.detect([0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x00]) == .unsupported("a RAR archive"))
        #expect(FileKind.detect([0xFF, 0xFE, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00]) == .unsupported("UTF-32 text"))
    }

    @Test func aZipWhoseFirstMemberIsNotAPackagePartIsAnArchive() {
        // A local file header for "notes.txt" (9 bytes of name, no extra field).
        var header: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 22) + [9, 0, 0, 0]
        header += Array("notes.txt".utf8)
        #expect(FileKind.detect(header) == .archive(.zip))
        var word = Array(header.prefix(26)) + [19, 0, 0, 0]
        word += Array("[Content_Types].xml".utf8)
        #expect(FileKind.detect(word) == .word(.docx))
    }

    @Test func aGzipFileIsATarballOnlyWhenItsContentIsATar() throws {
        #expect(FileKind.detect(try TestDocuments.bytes("bundle.tar.gz")) == .archive(.tarGzip))
        #expect(FileKind.detect(try TestDocuments.bytes("letter.txt.gz")) == .gzip)
        // Damaged gzip data is still gzip: reading it gives the error.
        #expect(FileKind.detect([0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF]) == .gzip)
    }
}
