import Foundation
import Testing
import TriageCore
@testable import TriagePipeline

@Suite struct PredictionEncoderTests {
    @Test func lineRecordMatchesComprehendByteForByte() {
        let prediction = Prediction(
            sequence: 0, file: "a.txt", line: 0,
            outcome: .scores([LabelScore(name: "spam", score: 0.99994), LabelScore(name: "ham", score: 0.00006)], .multiClass))
        #expect(PredictionEncoder.line(prediction)
            == #"{"File": "a.txt", "Line": "0", "Classes": [{"Name": "spam", "Score": 0.9999}, {"Name": "ham", "Score": 0.0001}]}"#)
    }

    @Test func fileRecordHasNoLineAndMultiLabelUsesLabels() {
        let prediction = Prediction(
            sequence: 3, file: "dir/b.txt", line: nil,
            outcome: .scores([LabelScore(name: "billing", score: 0.5)], .multiLabel))
        #expect(PredictionEncoder.line(prediction) == #"{"File": "dir/b.txt", "Labels": [{"Name": "billing", "Score": 0.5}]}"#)
    }

    @Test func errorRecordCarriesCodeAndMessageInPlaceOfClasses() {
        let prediction = Prediction(
            sequence: 1, file: "x.txt", line: 7,
            outcome: .failed(DocumentError(code: "EMPTY_DOCUMENT", message: "The document is empty.")))
        #expect(PredictionEncoder.line(prediction)
            == #"{"File": "x.txt", "Line": "7", "ErrorCode": "EMPTY_DOCUMENT", "ErrorMessage": "The document is empty."}"#)
    }

    @Test func stringsAreEscapedAndEveryRecordParsesAsJSON() throws {
        let name = "we\"ird\\na\tme\u{1}é€.txt"
        let prediction = Prediction(
            sequence: 0, file: name, line: nil,
            outcome: .failed(DocumentError(code: "C", message: "line1\nline2\r")))
        let line = PredictionEncoder.line(prediction)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["File"] as? String == name)
        #expect(object["ErrorMessage"] as? String == "line1\nline2\r")
    }

    @Test func scoresAreRoundedToFourDecimalsInShortestForm() {
        #expect(PredictionEncoder.formatScore(1) == "1.0")
        #expect(PredictionEncoder.formatScore(0.99996) == "1.0")
        #expect(PredictionEncoder.formatScore(0) == "0.0")
        #expect(PredictionEncoder.formatScore(0.00004) == "0.0")
        #expect(PredictionEncoder.formatScore(0.5) == "0.5")
        #expect(PredictionEncoder.formatScore(0.1234) == "0.1234")
        #expect(PredictionEncoder.formatScore(0.01) == "0.01")
        #expect(PredictionEncoder.formatScore(0.0005) == "0.0005")
        #expect(PredictionEncoder.formatScore(.nan) == "0.0")
    }

    @Test func classifyResponseHasComprehendShape() {
        let scores = [LabelScore(name: "INVOICE", score: 0.9), LabelScore(name: "RECEIPT", score: 0.1)]
        #expect(PredictionEncoder.classifyResponse(scores, mode: .multiClass)
            == #"{"Classes": [{"Name": "INVOICE", "Score": 0.9}, {"Name": "RECEIPT", "Score": 0.1}]}"#)
        #expect(PredictionEncoder.classifyResponse(scores, mode: .multiLabel).hasPrefix(#"{"Labels": ["#))
    }

    @Test func aNativePageRecordCarriesComprehendsPageFields() {
        let page = PageInfo(number: 2, type: .scannedPDF, characters: 812)
        let prediction = Prediction(
            sequence: 4, file: "scan.pdf", line: nil,
            outcome: .scores([LabelScore(name: "INVOICE", score: 0.91)], .multiClass),
            pages: PageSpan(pageCount: 3, pages: [page], isRange: false))
        #expect(PredictionEncoder.line(prediction) == """
            {"File": "scan.pdf", "Classes": [{"Name": "INVOICE", "Score": 0.91}], \
            "DocumentMetadata": {"PageNumber": 2, "Pages": 3, "ExtractedCharacters": [{"Page": 2, "Count": 812}]}, \
            "DocumentType": [{"Page": 2, "Type": "SCANNED_PDF"}]}
            """)
    }

    @Test func aFailedPageRecordListsItsErrorUnderErrorsToo() throws {
        let error = DocumentError(code: "PAGE_CHARACTERS_EXCEEDED", message: "Page 1 has 12000 characters, more than the limit of 10000.")
        let prediction = Prediction(
            sequence: 0, file: "a.pdf", line: nil, outcome: .failed(error),
            pages: PageSpan(pageCount: 1, pages: [PageInfo(number: 1, type: .nativePDF, characters: 12000, error: error)], isRange: false))
        let line = PredictionEncoder.line(prediction)
        #expect(line == """
            {"File": "a.pdf", "ErrorCode": "PAGE_CHARACTERS_EXCEEDED", "ErrorMessage": "Page 1 has 12000 characters, more than the limit of 10000.", \
            "DocumentMetadata": {"PageNumber": 1, "Pages": 1, "ExtractedCharacters": [{"Page": 1, "Count": 12000}]}, \
            "DocumentType": [{"Page": 1, "Type": "NATIVE_PDF"}], \
            "Errors": [{"Page": 1, "ErrorCode": "PAGE_CHARACTERS_EXCEEDED", "ErrorMessage": "Page 1 has 12000 characters, more than the limit of 10000."}]}
            """)
        #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any])
    }

    @Test func aSplitRecordNamesItsPageRangeAndEachOfItsPages() throws {
        let prediction = Prediction(
            sequence: 0, file: "bundle.pdf", line: nil,
            outcome: .scores([LabelScore(name: "RECEIPT", score: 0.8)], .multiClass),
            pages: PageSpan(pageCount: 5, pages: [
                PageInfo(number: 3, type: .scannedPDF, characters: 140), PageInfo(number: 4, type: .nativePDF, characters: 90),
            ], isRange: true))
        #expect(PredictionEncoder.line(prediction) == """
            {"File": "bundle.pdf", "PageRange": {"First": 3, "Last": 4}, "Classes": [{"Name": "RECEIPT", "Score": 0.8}], \
            "DocumentMetadata": {"Pages": 5, "ExtractedCharacters": [{"Page": 3, "Count": 140}, {"Page": 4, "Count": 90}]}, \
            "DocumentType": [{"Page": 3, "Type": "SCANNED_PDF"}, {"Page": 4, "Type": "NATIVE_PDF"}]}
            """)
    }
}
