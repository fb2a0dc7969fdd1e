import Foundation
import Testing
import TriageCore
@testable import TriageModel

@Suite struct TrainingCSVTests {
    func parse(_ text: String, mode: ClassifierMode = .multiClass) throws -> [TrainingExample] {
        try TrainingCSV.parse(bytes: Array(text.utf8), file: "t.csv", mode: mode)
    }

    func failure(_ text: String, mode: ClassifierMode = .multiClass) -> TriageError? {
        let error = #expect(throws: TriageError.self) { try parse(text, mode: mode) }
        #expect(error?.code == .invalidTrainingData)
        return error
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
        let examples = try parse("a,x\n\n  \t\nb,y\n\n")
        #expect(examples.map(\.line) == [1, 4])
    }

    @Test func countsLinesAcrossCrlfAndCrSeparatorsAndQuotedNewlines() throws {
        let examples = try parse("a,x\r\nb,\"one\rtwo\r\nthree\"\rc,z\r\n\r\nd,w")
        #expect(examples.map(\.labels) == [["a"], ["b"], ["c"], ["d"]])
        #expect(examples[1].text == "one\rtwo\r\nthree")
        #expect(examples.map(\.line) == [1, 2, 5, 7])
    }

    @Test func trimsBlanksAroundLabelsAndAcceptsQuotedLabels() throws {
        let examples = try parse("\"spam \", hi there \n ham ,\"ok\"\n", mode: .multiLabel)
        #expect(examples.map(\.labels) == [["spam"], ["ham"]])
        #expect(examples.map(\.text) == [" hi there ", "ok"])
        #expect(try parse(" a | b |a,x\n", mode: .multiLabel)[0].labels == ["a", "b"])
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

    @Test func aBareQuoteInsideAnUnquotedFieldIsRefused() {
        #expect(failure("a,x\nb,say \"hi\"\n")?.message.hasPrefix("t.csv:2: a quote inside an unquoted field") == true)
        #expect(failure("a,\"x\"y\n")?.message == "t.csv:1: text after a closing quote")
    }

    @Test func anUnterminatedQuoteNamesTheLineItStartsOn() {
        #expect(failure("a,x\nb,\"never\nclosed\n")?.message == "t.csv:2: unterminated quoted field")
    }

    @Test func invalidUTF8IsRefused() {
        let error = #expect(throws: TriageError.self) {
            try TrainingCSV.parse(bytes: Array("a,ok\nb,".utf8) + [0xFF, 0x0A], file: "t.csv", mode: .multiClass)
        }
        #expect(error?.message == "t.csv:2: the text is not valid UTF-8")
        let label = #expect(throws: TriageError.self) {
            try TrainingCSV.parse(bytes: [0xC3, 0x28] + Array(",x\n".utf8), file: "t.csv", mode: .multiClass)
        }
        #expect(label?.message == "t.csv:1: the label is not valid UTF-8")
    }

    @Test func multiLabelSplitsOnTheDelimiterAndMultiClassDoesNot() throws {
        let text = "billing|urgent,x\ntechnical,y\n"
        #expect(try parse(text, mode: .multiLabel).map(\.labels) == [["billing", "urgent"], ["technical"]])
        #expect(try parse(text, mode: .multiClass).map(\.labels) == [["billing|urgent"], ["technical"]])
        let custom = try TrainingCSV.parse(bytes: Array("a;b,x\n".utf8), file: "t.csv", mode: .multiLabel, labelDelimiter: ";")
        #expect(custom[0].labels == ["a", "b"])
        #expect(failure("a,x\nb||c,y\n", mode: .multiLabel)?.message == "t.csv:2: empty label")
        #expect(try parse("b|b|c,x\n", mode: .multiLabel)[0].labels == ["b", "c"])
        let empty = #expect(throws: TriageError.self) {
            try TrainingCSV.parse(bytes: Array("a,x\n".utf8), file: "t.csv", mode: .multiLabel, labelDelimiter: "")
        }
        #expect(empty?.code == .invalidArgument)
    }

    @Test func aSingleClassIsRefusedNamingTheFile() throws {
        let examples = try parse("a,x\na,y\n")
        let error = #expect(throws: TriageError.self) { try TrainingCSV.validateClasses(examples, file: "one.csv") }
        #expect(error?.message.contains("one.csv: only one class (a)") == true)
    }

    @Test func readsAFileNamingItInErrors() throws {
        try Fixtures.withTemporaryFolder { folder throws in
            let path = folder + "/train.csv"
            try Data([0xEF, 0xBB, 0xBF] + Array("a,x\r\nb,y\r\n".utf8)).write(to: URL(fileURLWithPath: path))
            let examples = try TrainingCSV.read(path: path, mode: .multiClass)
            #expect(examples.map(\.labels) == [["a"], ["b"]])
            #expect(examples.map(\.file) == [path, path])
            try Data("a,x\nb\n".utf8).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: TriageError.self) { try TrainingCSV.read(path: path, mode: .multiClass) }
            #expect(error?.message == "\(path):2: expected 2 columns (label,text), found 1")
        }
    }

    @Test func aMissingFileIsNotFoundAndAFolderUnreadable() throws {
        let error = #expect(throws: TriageError.self) { try TrainingCSV.read(path: "/nonexistent/x.csv", mode: .multiClass) }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("/nonexistent/x.csv") == true)
        try Fixtures.withTemporaryFolder { folder throws in
            let folderError = #expect(throws: TriageError.self) { try TrainingCSV.read(path: folder, mode: .multiClass) }
            #expect(folderError?.code == .unreadable)
            #expect(folderError?.message.contains(folder) == true)
        }
    }
}
