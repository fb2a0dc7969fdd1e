import Testing
import TriageCore
import TriageTestSupport
@testable import TriageExtract

@Suite struct GzipReadingTests {
    @Test func aGzippedTextIsReadAsPlainText() throws {
        let read = try pages("letter.txt.gz")
        #expect(read[0].info.type == .plainText)
        #expect(text(read[0]).hasPrefix("Dear Mr Patel,"))
    }

    @Test func aGzippedPDFIsReadAsAPDF() throws {
        let read = try pages("invoice.pdf.gz")
        #expect(read[0].info.type == .nativePDF)
        #expect(text(read[0]).hasPrefix("INVOICE 4471"))
    }

    @Test func damagedAndTruncatedGzipDataIsInvalid() throws {
        let gzip = try TestDocuments.bytes("invoice.pdf.gz")
        let truncated = DocumentReader.read(Array(gzip.prefix(gzip.count / 2)), options: options(), engines: OCREngines())
        #expect(truncated.failureCode == DocumentError.invalidDocumentCode)
        var damaged = gzip
        for index in 20..<60 { damaged[index] ^= 0x5A }
        #expect(DocumentReader.read(damaged, options: options(), engines: OCREngines()).failureCode == DocumentError.invalidDocumentCode)
    }

    @Test func decompressionStopsAtTheLimit() throws {
        let read = DocumentReader.read(try TestDocuments.bytes("letter.txt.gz"), options: options {
            $0.maxTextBytes = 50
            $0.limits.maxFileBytes = 60
        }, engines: OCREngines())
        #expect(read.failureCode == DocumentError.sizeExceededCode)
        let (bytes, truncated) = try Gunzip.decompress(try TestDocuments.bytes("letter.txt.gz"), limit: 10)
        #expect(bytes == Array("Dear Mr Pa".utf8))
        #expect(truncated)
    }

    @Test func anArchiveInsideAGzipFileIsNotReadFurther() throws {
        // gzip (the tool) of a zip file: archives are read one level deep.
        let gzip = try runProgram("/usr/bin/env", ["gzip", "-c", try TestDocuments.path("bundle.zip")])
        let bytes = Array(gzip.output)
        #expect(FileKind.detect(bytes) == .gzip)
        let error = DocumentReader.read(bytes, options: options(), engines: OCREngines())
        #expect(error.failureCode == DocumentError.unsupportedTypeCode)
    }
}
