import Testing
import TriageCore
import TriageTestSupport
@testable import TriageExtract

@Suite struct ArchiveMembersTests {
    /// Every item of archive fixture `name`, as (path or nil for the archive's own failure, code or nil).
    func items(_ name: String, _ options: ReadingOptions = options()) throws -> [(path: String?, code: String?, bytes: Int)] {
        let members = try ArchiveMembers(path: try TestDocuments.path(name), name: name, options: options)
        var items: [(String?, String?, Int)] = []
        while let item = members.next() {
            switch item {
            case let .member(path, .success(bytes)): items.append((path, nil, bytes.count))
            case let .member(path, .failure(error)): items.append((path, error.code, 0))
            case let .failure(error): items.append((nil, error.code, 0))
            }
        }
        if members.next() != nil { Issue.record("\(name) gave an item after its end") }
        return items
    }

    @Test(arguments: ["bundle.zip", "bundle.tar", "bundle.tar.gz"])
    func membersComeInArchiveOrderWithTheirBytesAndFoldersAreSkipped(_ name: String) throws {
        let read = try items(name)
        #expect(read.map(\.path) == ["letter.txt", "docs/invoice.pdf", "docs/letter.docx", "scans/receipt.png"])
        #expect(read.allSatisfy { $0.code == nil })
        #expect(read[1].bytes == (try TestDocuments.bytes("invoice.pdf")).count)
    }

    @Test func aZipBombStopsAtTheArchiveByteLimit() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let read = try items("zip-bomb.zip", options { $0.limits.maxArchiveBytes = 32 << 20 })
        #expect(read.map(\.path) == ["first.txt", nil])
        #expect(read.map(\.code) == [nil, DocumentError.archiveLimitCode])
        #expect(clock.now - started < .seconds(20))
    }

    @Test func aMemberOverTheFileLimitIsTooLargeAndTheOthersAreRead() throws {
        let read = try items("zip-bomb.zip")
        #expect(read.map(\.path) == ["first.txt", "bomb.txt", "last.txt"])
        #expect(read.map(\.code) == [nil, DocumentError.sizeExceededCode, nil])
    }

    @Test func theMemberLimitStopsReadingAndSaysWhere() throws {
        let members = try ArchiveMembers(
            path: try TestDocuments.path("many-members.zip"), name: "many-members.zip", options: options { $0.limits.maxArchiveMembers = 10 })
        var paths: [String] = []
        var failure: DocumentError?
        while let item = members.next() {
            switch item {
            case let .member(path, _): paths.append(path)
            case let .failure(error): failure = error
            }
        }
        #expect(paths.count == 10)
        #expect(failure?.code == DocumentError.archiveLimitCode)
        #expect(failure?.message.contains("note-09.txt") == true)
    }

    @Test func aDamagedArchiveGivesTheMembersBeforeTheDamageThenAnError() throws {
        let read = try items("corrupt.zip")
        #expect(read.last?.path == nil)
        #expect(read.last?.code == DocumentError.invalidDocumentCode)
    }

    @Test func anArchiveInMemoryReadsAsFromAFile() throws {
        let members = try ArchiveMembers(bytes: try TestDocuments.bytes("bundle.tar.gz"), name: "bundle.tar.gz", options: options())
        var count = 0
        while case .member? = members.next() { count += 1 }
        #expect(count == 4)
    }
}
