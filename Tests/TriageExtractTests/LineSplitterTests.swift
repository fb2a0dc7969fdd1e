import Testing
@testable import TriageExtract

@Suite struct LineSplitterTests {
    /// Splits `text` fed in chunks of `chunk` bytes and returns each line as a string.
    func split(_ text: String, chunk: Int = 1000, max: Int = 100) -> [LineSplitter.Line] {
        var splitter = LineSplitter(maxLineBytes: max)
        var lines: [LineSplitter.Line] = []
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = Swift.min(bytes.count, start + chunk)
            splitter.feed(Array(bytes[start..<end])) { lines.append($0) }
            start = end
        }
        splitter.finish { lines.append($0) }
        return lines
    }

    func texts(_ lines: [LineSplitter.Line]) -> [String] {
        lines.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test func splitsOnLFCRAndCRLFAlike() {
        let lines = split("a\nb\rc\r\nd\n")
        #expect(texts(lines) == ["a", "b", "c", "d"])
        #expect(lines.map(\.number) == [0, 1, 2, 3])
    }

    @Test func keepsALastLineWithoutFinalNewline() {
        #expect(texts(split("one\ntwo")) == ["one", "two"])
    }

    @Test func aFinalNewlineDoesNotMakeAnExtraLine() {
        #expect(texts(split("one\ntwo\n")) == ["one", "two"])
        #expect(texts(split("")) == [])
    }

    @Test func blankLinesAreLinesAndKeepTheirNumbers() {
        let lines = split("a\n\n\nb\r\n\r\nc")
        #expect(texts(lines) == ["a", "", "", "b", "", "c"])
        #expect(lines.last?.number == 5)
    }

    @Test func crlfSplitAcrossChunksIsOneTerminator() {
        for chunk in 1...4 {
            #expect(texts(split("ab\r\ncd\r\n", chunk: chunk)) == ["ab", "cd"], "chunk \(chunk)")
            #expect(texts(split("ab\r\rcd", chunk: chunk)) == ["ab", "", "cd"], "chunk \(chunk)")
        }
    }

    @Test func overlongLinesAreCutAndFlagged() {
        let lines = split("short\n" + String(repeating: "x", count: 25) + "\nok", chunk: 7, max: 10)
        #expect(lines.count == 3)
        #expect(lines[1].oversized)
        #expect(lines[1].bytes.count == 10)
        #expect(lines[1].length == 25)
        #expect(!lines[0].oversized && !lines[2].oversized)
        #expect(lines[2].number == 2)
    }
}
