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
}
