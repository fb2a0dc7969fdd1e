import Testing
import TriageCore
import TriageTestSupport
@testable import TriageExtract

@Suite struct PlainTextReadingTests {
    @Test func utf8TextIsOnePlainTextPage() throws {
        let read = try pages("letter.txt")
        #expect(read.count == 1)
        #expect(read[0].info.type == .plainText)
        #expect(text(read[0]).hasPrefix("Dear Mr Patel,\nThank you for your kind letter"))
        #expect(read[0].info.characters == text(read[0]).unicodeScalars.count)
    }

    @Test(arguments: ["letter-utf16le.txt", "letter-utf16be.txt"])
    func utf16WithAByteOrderMarkIsDecodedToUTF8(_ name: String) throws {
        let read = try pages(name)
        #expect(read[0].info.type == .plainText)
        #expect(text(read[0]).hasPrefix("Dear Mr Patel,"))
        #expect(!text(read[0]).contains("\u{FEFF}"))
        if name.hasSuffix("le.txt") { #expect(text(read[0]).hasSuffix("Café Müller")) }
    }

    @Test func undecodableBytesGiveAnInvalidEncodingError() throws {
        let error = try documentError("latin1.txt")
        #expect(error.code == DocumentError.invalidEncodingCode)
        #expect(error.message.contains("offset 3"))
        let lone = DocumentReader.read([0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00], options: options(), engines: OCREngines())
        #expect(lone.failureCode == DocumentError.invalidEncodingCode)
        let odd = DocumentReader.read([0xFF, 0xFE, 0x41, 0x00, 0x42], options: options(), engines: OCREngines())
        #expect(odd.failureCode == DocumentError.invalidEncodingCode)
    }

    @Test func anEmptyFileIsAnEmptyDocumentWhateverItsName() throws {
        #expect(try documentError("empty.txt").code == DocumentError.emptyCode)
        #expect(try documentError("empty.pdf").code == DocumentError.emptyCode)
    }

    @Test func textOverTheTextLimitIsTooLarge() throws {
        let error = try documentError("letter.txt", options { $0.maxTextBytes = 100 })
        #expect(error.code == DocumentError.sizeExceededCode)
        #expect(error.message.contains("limit of 100 bytes"))
    }
}

extension Result where Failure == DocumentError {
    /// The error's code, or nil on success.
    var failureCode: String? {
        if case let .failure(error) = self { return error.code }
        return nil
    }
}
