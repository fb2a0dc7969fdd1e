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
