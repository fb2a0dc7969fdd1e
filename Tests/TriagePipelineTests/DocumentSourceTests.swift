import Foundation
import Testing
import TriageCore
import TriageStorage
import TriageTestSupport
@testable import TriagePipeline

@Suite struct DocumentSourceTests {
    func documents(_ folder: TemporaryFolder, prefix: String, format: DocumentFormat, limit: Int = 100) async throws -> [Document] {
        let store = LocalStore()
        let objects = try await store.list(prefix: folder.path + "/" + prefix)
        var source = DocumentSource(store: store, objects: objects, format: format, maxDocumentBytes: limit)
        var documents: [Document] = []
        while let document = await source.next() { documents.append(document) }
        return documents
    }

    func text(_ document: Document) -> String? {
        (try? document.content.get()).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func linesAreNumberedPerFileAndSequencedAcrossFiles() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in/a.txt", "one\r\ntwo\rthree")
        try folder.write("in/b.txt", "\nfour\n")
        let documents = try await documents(folder, prefix: "in/", format: .oneDocPerLine)
        #expect(documents.map(\.sequence) == Array(0..<5))
        #expect(documents.map(\.file) == ["a.txt", "a.txt", "a.txt", "b.txt", "b.txt"])
        #expect(documents.map(\.line) == [0, 1, 2, 0, 1])
        #expect(documents.map(text) == ["one", "two", "three", "", "four"])
    }

    @Test func aLineOverTheLimitBecomesASizeError() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in.txt", "short\n" + String(repeating: "y", count: 150) + "\nafter\n")
        let documents = try await documents(folder, prefix: "in.txt", format: .oneDocPerLine)
        #expect(documents.count == 3)
        guard case let .failure(error) = documents[1].content else {
            Issue.record("oversized line accepted")
            return
        }
        #expect(error.code == DocumentError.sizeExceededCode)
        #expect(text(documents[2]) == "after")
    }

    @Test func aFileOverTheLimitBecomesASizeErrorWithoutBeingReadWhole() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in/big.txt", String(repeating: "z", count: 5000))
        try folder.write("in/small.txt", "fine")
        let documents = try await documents(folder, prefix: "in/", format: .oneDocPerFile)
        #expect(documents.map(\.file) == ["big.txt", "small.txt"])
        guard case let .failure(error) = documents[0].content else {
            Issue.record("oversized file accepted")
            return
        }
        #expect(error.message.contains("5000 bytes"))
        #expect(text(documents[1]) == "fine")
    }

    @Test func anUnreadableFileGetsAnErrorRecordNotASkip() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in/a.txt", "a")
        try folder.write("in/b.txt", "b")
        try folder.write("in/c.txt", "c")
        // A dangling symbolic link is listed but cannot be opened.
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/in/b2.txt", withDestinationPath: folder.path + "/gone")
        for format in DocumentFormat.allCases {
            let documents = try await documents(folder, prefix: "in/", format: format)
            #expect(documents.map(\.file) == ["a.txt", "b.txt", "b2.txt", "c.txt"])
            guard case let .failure(error) = documents[2].content else {
                Issue.record("unreadable file gave no error (\(format))")
                continue
            }
            #expect(error.code == DocumentError.unreadableCode)
            #expect(error.message.contains("b2.txt"))
        }
    }

    /// What a source yields from `start`: each document with the position after it.
    func read(
        _ objects: [ObjectInfo], format: DocumentFormat, from start: InputPosition = .start, sequence: Int = 0, chunk: Int
    ) async -> [(document: Document, after: InputPosition)] {
        var source = DocumentSource(
            store: LocalStore(), objects: objects, format: format, maxDocumentBytes: 8, start: start, sequence: sequence,
            chunkBytes: chunk)
        var out: [(Document, InputPosition)] = []
        while let document = await source.next() { out.append((document, source.position)) }
        #expect(source.position == InputPosition(object: objects.count), "a finished source stands at the end")
        #expect(source.bytesRead == source.totalBytes)
        return out
    }

    @Test func resumingAfterAnyDocumentYieldsExactlyTheRestOfTheInput() async throws {
        let folder = try TemporaryFolder()
        // Every terminator, a CRLF and a lone CR at every chunk boundary (chunks of 1 to 5 bytes),
        // blank lines, an oversized line, an empty file, and files with and without a last newline.
        try folder.write("in/a.txt", "one\r\ntwo\rthree\n\r\nfour")
        try folder.write("in/b.txt", "")
        try folder.write("in/c.txt", "\n\nfive\r\r\nsix-is-too-long\nseven\n")
        try folder.write("in/d.txt", "\r")
        let objects = try await LocalStore().list(prefix: folder.path + "/in/")
        for format in DocumentFormat.allCases {
            for chunk in 1...5 {
                let whole = await read(objects, format: format, chunk: chunk)
                func describe(_ document: Document) -> String {
                    "\(document.sequence) \(document.file) \(document.line.map(String.init) ?? "-") \(text(document) ?? "error")"
                }
                if format == .oneDocPerLine, chunk == 1 {
                    #expect(whole.map { text($0.document) ?? "error" } == [
                        "one", "two", "three", "", "four", "", "", "five", "", "error", "seven", "",
                    ])
                }
                for (index, item) in whole.enumerated() {
                    // A resumed source starts after document `index`, numbering from the next sequence.
                    let rest = await read(objects, format: format, from: item.after, sequence: index + 1, chunk: chunk)
                    #expect(rest.map { describe($0.document) } == whole.dropFirst(index + 1).map { describe($0.document) },
                            "\(format) chunk \(chunk) after document \(index)")
                }
            }
        }
    }
}
