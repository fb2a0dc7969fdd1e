import Testing
import TriageCore
@testable import TriageExtract

@Suite struct TextValidatorTests {
    @Test func acceptsUTF8AndStripsTheByteOrderMark() throws {
        let text = try TextValidator.validate([0xEF, 0xBB, 0xBF] + Array("héllo €".utf8)).get()
        #expect(Array(text) == Array("héllo €".utf8))
    }

    @Test func emptyAndWhitespaceOnlyDocumentsAreErrors() {
        for input in ["", "   ", "\t\r\n "] {
            guard case let .failure(error) = TextValidator.validate(Array(input.utf8)) else {
                Issue.record("\(input.debugDescription) accepted")
                continue
            }
            #expect(error.code == DocumentError.emptyCode)
        }
    }

    @Test func invalidUTF8NamesTheOffset() {
        guard case let .failure(error) = TextValidator.validate(Array("abc".utf8) + [0xC3, 0x28]) else {
            Issue.record("invalid UTF-8 accepted")
            return
        }
        #expect(error.code == DocumentError.invalidEncodingCode)
        #expect(error.message.contains("offset 3"))
    }

    @Test func invalidUTF8AfterLongAsciiAndMultibyteTextNamesTheOffsetAfterTheByteOrderMark() {
        // 20 ASCII bytes (read eight at a time), a 2-byte "é", then a lone continuation byte.
        let text = [0xEF, 0xBB, 0xBF] + Array("twenty ascii bytes!!é".utf8) + [0x80] + Array(" tail".utf8)
        guard case let .failure(error) = TextValidator.validate(text) else {
            Issue.record("invalid UTF-8 accepted")
            return
        }
        #expect(error.message.contains("offset 22"))
        #expect(TextValidator.firstInvalidUTF8Offset(Array("xé".utf8)[...] + Array(repeating: 0x61, count: 17)) == nil)
        #expect(Array("0123456789é".utf8).withUnsafeBufferPointer { TextValidator.asciiPrefixLength($0) } == 10)
    }

    @Test func truncatedMultibyteSequenceIsInvalid() {
        guard case .failure = TextValidator.validate(Array("ok".utf8) + [0xE2, 0x82]) else {
            Issue.record("truncated sequence accepted")
            return
        }
    }

    @Test func sizeExceededMessageNamesBothNumbers() {
        let error = TextValidator.sizeExceeded(length: 2000, limit: 1000)
        #expect(error.code == DocumentError.sizeExceededCode)
        #expect(error.message.contains("2000") && error.message.contains("1000"))
    }
}
