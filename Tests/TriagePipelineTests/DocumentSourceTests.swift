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
}
