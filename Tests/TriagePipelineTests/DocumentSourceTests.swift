import Foundation
import Testing
import TriageCore
import TriageExtract
import TriageStorage
import TriageTestSupport
@testable import TriagePipeline

@Suite struct DocumentSourceTests {
    func documents(
        _ folder: TemporaryFolder, prefix: String, format: DocumentFormat, limit: Int = 100,
        store: any ObjectStore = LocalStore(), reading: ReadingOptions? = nil
    ) async throws -> [Document] {
        let objects = try await store.list(prefix: folder.path + "/" + prefix)
        var source = DocumentSource(
            store: store, objects: objects, format: format, maxDocumentBytes: limit, reading: reading,
            pool: ClassificationPool(width: 2), spoolFolder: folder.path + "/spool")
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

    func copy(_ fixture: String, to relative: String, in folder: TemporaryFolder) throws {
        try folder.write(relative, Data(try TestDocuments.bytes(fixture)))
    }

    @Test func archiveMembersAreDocumentsNamedInsideTheArchiveInInputOrder() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in/a.txt", "first")
        try copy("bundle.zip", to: "in/b.zip", in: folder)
        try copy("bundle.tar.gz", to: "in/c.tar.gz", in: folder)
        try folder.write("in/d.txt", "last")
        let documents = try await documents(folder, prefix: "in/", format: .oneDocPerFile, limit: 1000)
        let members = ["letter.txt", "docs/invoice.pdf", "docs/letter.docx", "scans/receipt.png"]
        #expect(documents.map(\.file) == ["a.txt"] + members.map { "b.zip/" + $0 } + members.map { "c.tar.gz/" + $0 } + ["d.txt"])
        #expect(documents.map(\.sequence) == Array(0..<10))
        #expect(documents.allSatisfy { (try? $0.content.get()) != nil })
        #expect(try documents[2].content.get() == (try TestDocuments.bytes("invoice.pdf")))
    }

    @Test func resumingInsideAnArchiveYieldsExactlyTheRestOfTheInput() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in/a.txt", "first")
        try copy("bundle.zip", to: "in/b.zip", in: folder)
        try copy("corrupt.zip", to: "in/c.zip", in: folder)
        try copy("bundle.tar.gz", to: "in/d.tar.gz", in: folder)
        try folder.write("in/e.txt", "last")
        let objects = try await LocalStore().list(prefix: folder.path + "/in/")
        // A 100-byte text limit makes the archives large files, read in place; 10,000 reads them in memory.
        for limit in [100, 10_000] {
            func read(from start: InputPosition, sequence: Int) async -> [(String, InputPosition)] {
                var source = DocumentSource(
                    store: LocalStore(), objects: objects, format: .oneDocPerFile, maxDocumentBytes: limit, start: start,
                    sequence: sequence, pool: ClassificationPool(width: 2))
                var out: [(String, InputPosition)] = []
                while let document = await source.next() {
                    let outcome = (try? document.content.get()).map { "\($0.count) bytes" } ?? "error"
                    out.append(("\(document.sequence) \(document.file) \(outcome)", source.position))
                }
                return out
            }
            let whole = await read(from: .start, sequence: 0)
            #expect(whole.map(\.0).contains("1 b.zip/letter.txt 185 bytes"))
            #expect(whole.last?.0.hasSuffix("e.txt 4 bytes") == true)
            #expect(whole[2].1 == InputPosition(object: 1, member: 2))
            for (index, item) in whole.enumerated() {
                let rest = await read(from: item.1, sequence: index + 1)
                #expect(rest.map(\.0) == whole.dropFirst(index + 1).map(\.0), "limit \(limit), after document \(index)")
            }
        }
    }

    @Test func aLargeArchiveIsReadInPlaceAndOneFromAnotherStoreFromASpooledCopy() async throws {
        let folder = try TemporaryFolder()
        try copy("bundle.zip", to: "in/b.zip", in: folder)
        // With a 100-byte text limit the archive is a "large" file: opened by path, or spooled.
        for store in [LocalStore() as any ObjectStore, ElsewhereStore()] {
            let documents = try await documents(folder, prefix: "in/", format: .oneDocPerFile, limit: 100, store: store)
            #expect(documents.map(\.file) == ["b.zip/letter.txt", "b.zip/docs/invoice.pdf", "b.zip/docs/letter.docx", "b.zip/scans/receipt.png"])
        }
        // The spooled copy is removed once read.
        let spooled = (try? FileManager.default.contentsOfDirectory(atPath: folder.path + "/spool")) ?? []
        #expect(spooled.isEmpty)
    }

    @Test func aDamagedArchiveGetsARecordAndTheInputGoesOn() async throws {
        let folder = try TemporaryFolder()
        try folder.write("in/a.zip", Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0xEE, count: 60)))
        try folder.write("in/b.txt", "after")
        let documents = try await documents(folder, prefix: "in/", format: .oneDocPerFile, limit: 1000)
        #expect(documents.map(\.file) == ["a.zip", "b.txt"])
        guard case let .failure(error) = documents[0].content else {
            Issue.record("a damaged zip gave no error")
            return
        }
        #expect(error.code == DocumentError.invalidDocumentCode)
        #expect(error.message.hasPrefix("The archive is damaged and cannot be read: "))
    }

    @Test func nativeFilesHaveTheFileLimitAndTextKeepsTheTextLimit() async throws {
        let folder = try TemporaryFolder()
        try copy("invoice.pdf", to: "in/a.pdf", in: folder)  // 7 KB or so
        try folder.write("in/b.txt", String(repeating: "t", count: 3000))
        var reading = ReadingOptions(maxTextBytes: 2000)
        reading.limits.maxFileBytes = 1 << 20
        let documents = try await documents(folder, prefix: "in/", format: .oneDocPerFile, limit: 2000, reading: reading)
        #expect((try? documents[0].content.get()) != nil)
        guard case let .failure(error) = documents[1].content else {
            Issue.record("a text over its limit was read")
            return
        }
        #expect(error.message == "The document has 3000 bytes, more than the limit of 2000 bytes.")
        reading.limits.maxFileBytes = 1000
        let small = try await self.documents(folder, prefix: "in/a", format: .oneDocPerFile, limit: 2000, reading: reading)
        guard case let .failure(tooLarge) = small[0].content else {
            Issue.record("a PDF over the file limit was read")
            return
        }
        #expect(tooLarge.code == DocumentError.sizeExceededCode)
        #expect(tooLarge.message.hasSuffix("more than the limit of 1000 bytes."))
    }
}

/// The local file system behind another store type, so the source treats it as remote.
struct ElsewhereStore: ObjectStore {
    let local = LocalStore()
    func list(prefix: String) async throws -> [ObjectInfo] { try await local.list(prefix: prefix) }
    func open(_ object: ObjectInfo, from offset: Int64) async throws -> any ByteStream { try await local.open(object, from: offset) }
    func read(_ object: ObjectInfo, limit: Int) async throws -> (bytes: [UInt8], truncated: Bool) { try await local.read(object, limit: limit) }
    func prepare(destination: String) async throws { try await local.prepare(destination: destination) }
    func publish(localFile: String, to destination: String) async throws -> String {
        try await local.publish(localFile: localFile, to: destination)
    }
}
