import Foundation
import Testing
import TriageCore
import TriageTestSupport
@testable import TriageStorage

@Suite struct LocalStoreTests {
    let store = LocalStore()

    func makeTree() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("in/b.txt", "b")
        try folder.write("in/a.txt", "a")
        try folder.write("in/sub/c.txt", "c")
        try folder.write("in/Z.txt", "z")
        try folder.write("in/inv-1.txt", "i1")
        try folder.write("in/inv/2.txt", "i2")
        try folder.write("in/émile.txt", "e")
        try folder.write("in2/other.txt", "o")
        return folder
    }

    @Test func aFolderListsEveryFileRecursivelyInByteOrder() async throws {
        let tree = try makeTree()
        let names = try await store.list(prefix: tree.path + "/in/").map(\.name)
        #expect(names == ["Z.txt", "a.txt", "b.txt", "inv-1.txt", "inv/2.txt", "sub/c.txt", "émile.txt"])
    }

    @Test func aFolderWithoutTrailingSlashIsAPrefixLikeInS3() async throws {
        let tree = try makeTree()
        let names = try await store.list(prefix: tree.path + "/in").map(\.name)
        #expect(names.first == "in/Z.txt")
        #expect(names.last == "in2/other.txt")
        #expect(names.count == 8)
    }

    @Test func aNamePrefixMatchesFilesAndFoldersStartingWithIt() async throws {
        let tree = try makeTree()
        let objects = try await store.list(prefix: tree.path + "/in/inv")
        #expect(objects.map(\.name) == ["inv-1.txt", "inv/2.txt"])
        #expect(objects[0].key == tree.path + "/in/inv-1.txt")
        #expect(objects[0].size == 2)
    }

    @Test func aSingleFileIsTakenAlone() async throws {
        let tree = try makeTree()
        let objects = try await store.list(prefix: tree.path + "/in/a.txt")
        #expect(objects.map(\.name) == ["a.txt"])
    }

    @Test func aMissingFolderIsNotFound() async throws {
        let tree = try makeTree()
        let error = await #expect(throws: TriageError.self) {
            try await store.list(prefix: tree.path + "/nowhere/x")
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("nowhere") == true)
    }

    @Test func aPrefixMatchingNothingListsNothing() async throws {
        let tree = try makeTree()
        #expect(try await store.list(prefix: tree.path + "/in/nothing-").isEmpty)
    }

    @Test func readStopsAtTheLimitAndSaysSo() async throws {
        let tree = try TemporaryFolder()
        try tree.write("f.txt", "0123456789")
        let object = try #require(try await store.list(prefix: tree.path + "/f.txt").first)
        let whole = try await store.read(object, limit: 10)
        #expect(whole.bytes == Array("0123456789".utf8) && !whole.truncated)
        let cut = try await store.read(object, limit: 4)
        #expect(cut.bytes == Array("0123".utf8) && cut.truncated)
    }

    @Test func streamingReadsReturnEveryByteThenNil() async throws {
        let tree = try TemporaryFolder()
        let text = String(repeating: "line of text\n", count: 1000)
        try tree.write("big.txt", text)
        let object = try #require(try await store.list(prefix: tree.path + "/big.txt").first)
        let stream = try await store.open(object)
        var bytes: [UInt8] = []
        while let chunk = try await stream.read(maxBytes: 777) { bytes += chunk }
        await stream.close()
        await stream.close()
        #expect(bytes == Array(text.utf8))
    }

    @Test func publishMovesTheFileIntoPlaceCreatingFolders() async throws {
        let tree = try TemporaryFolder()
        try tree.write("work/out.tar.gz", "archive")
        let destination = tree.path + "/out/x-CLN-1/output/output.tar.gz"
        try await store.prepare(destination: destination)
        let published = try await store.publish(localFile: tree.path + "/work/out.tar.gz", to: destination)
        #expect(published == destination)
        #expect(FileManager.default.contents(atPath: destination) == Data("archive".utf8))
        #expect(!FileManager.default.fileExists(atPath: tree.path + "/work/out.tar.gz"))
    }

    @Test func prepareRefusesAnUnwritableDestination() async throws {
        let tree = try TemporaryFolder()
        try tree.write("file", "not a folder")
        await #expect(throws: TriageError.self) {
            try await store.prepare(destination: tree.path + "/file/sub/output.tar.gz")
        }
    }
}

@Suite struct LocalFilesTests {
    @Test func splitsPathsOfAnyLengthIntoFolderAndName() {
        #expect(LocalFiles.folder(of: "j") == ".")
        #expect(LocalFiles.name(of: "j") == "j")
        #expect(LocalFiles.folder(of: "/j") == "/")
        #expect(LocalFiles.folder(of: "a/b/c.txt") == "a/b")
        #expect(LocalFiles.name(of: "a/b/c.txt") == "c.txt")
        #expect(LocalFiles.folder(of: "a/b/") == "a/b")
        #expect(LocalFiles.name(of: "a/b/") == "")
        #expect(LocalFiles.folder(of: "") == ".")
        #expect(LocalFiles.join("a", "b") == "a/b")
        #expect(LocalFiles.join("a/", "b") == "a/b")
        #expect(LocalFiles.join("/", "b") == "/b")
    }
}
