import Testing
import TriageCore
@testable import TriageModel

@Suite struct TrainingCSVTests {
    func parse(_ text: String, mode: ClassifierMode = .multiClass) throws -> [TrainingExample] {
        try TrainingCSV.parse(bytes: Array(text.utf8), file: "t.csv", mode: mode)
    }

    func failure(_ text: String) -> TriageError? {
        #expect(throws: TriageError.self) { try parse(text) }
    }

    @Test func readsQuotedFieldsWithCommasDoubledQuotesAndNewlines() throws {
        let examples = try parse("spam,\"Win, now!\"\nham,\"She said \"\"hi\"\"\"\r\nham,\"line one\nline two\r\nline three\"\nspam,plain text\n")
        #expect(examples.map(\.labels) == [["spam"], ["ham"], ["ham"], ["spam"]])
        #expect(examples.map(\.text) == ["Win, now!", "She said \"hi\"", "line one\nline two\r\nline three", "plain text"])
        #expect(examples.map(\.line) == [1, 2, 3, 6])
    }

    @Test func acceptsAByteOrderMarkCrSeparatorsAndNoFinalNewline() throws {
        let examples = try TrainingCSV.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("a,x\rb,y".utf8), file: "t.csv", mode: .multiClass)
        #expect(examples.map(\.labels) == [["a"], ["b"]])
        #expect(examples.map(\.text) == ["x", "y"])
    }

    @Test func skipsBlankLinesButKeepsLineNumbers() throws {
        let examples = try parse("a,x\n\n\nb,y\n")
        #expect(examples.map(\.line) == [1, 4])
    }

    @Test func aRowWithOneColumnNamesFileAndLine() {
        #expect(failure("a,x\nb,y\nlonely\n")?.message == "t.csv:3: expected 2 columns (label,text), found 1")
    }

    @Test func threeColumnsSuggestQuoting() {
        #expect(failure("a,x\nb,y,z\n")?.message.hasPrefix("t.csv:2: expected 2 columns (label,text), found 3; quote") == true)
    }

    @Test func anEmptyLabelOrTextIsRefused() {
        #expect(failure("a,x\n,y\n")?.message == "t.csv:2: empty label")
        #expect(failure("a,x\nb,\"  \"\n")?.message == "t.csv:2: empty text")
    }

    @Test func anUnterminatedQuoteNamesTheLineItStartsOn() {
        #expect(failure("a,x\nb,\"never\nclosed\n")?.message == "t.csv:2: unterminated quoted field")
    }

    @Test func invalidUTF8IsRefused() {
        let error = #expect(throws: TriageError.self) {
            try TrainingCSV.parse(bytes: Array("a,ok\nb,".utf8) + [0xFF, 0x0A], file: "t.csv", mode: .multiClass)
        }
        #expect(error?.message == "t.csv:2: the text is not valid UTF-8")
    }

    @Test func multiLabelSplitsOnTheDelimiterAndMultiClassDoesNot() throws {
        let text = "billing|urgent,x\ntechnical,y\n"
        #expect(try parse(text, mode: .multiLabel).map(\.labels) == [["billing", "urgent"], ["technical"]])
        #expect(try parse(text, mode: .multiClass).map(\.labels) == [["billing|urgent"], ["technical"]])
        let custom = try TrainingCSV.parse(bytes: Array("a;b,x\n".utf8), file: "t.csv", mode: .multiLabel, labelDelimiter: ";")
        #expect(custom[0].labels == ["a", "b"])
        #expect(throws: TriageError.self) { try parse("a||b,x\n", mode: .multiLabel) }
    }

    @Test func aSingleClassIsRefusedNamingTheFile() throws {
        let examples = try parse("a,x\na,y\n")
        let error = #expect(throws: TriageError.self) { try TrainingCSV.validateClasses(examples, file: "one.csv") }
        #expect(error?.message.contains("one.csv: only one class (a)") == true)
    }

    @Test func aMissingFileIsNotFound() {
        let error = #expect(throws: TriageError.self) { try TrainingCSV.read(path: "/nonexistent/x.csv", mode: .multiClass) }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("/nonexistent/x.csv") == true)
    }
}
