import Foundation
import Testing
import TriageCore
import TriageStorage
import TriageTestSupport
@testable import TriageService

@Suite struct ClassifiedLedgerTests {
    let object = ObjectInfo(key: "/in/a.txt", name: "a.txt", size: 10, modified: nil, etag: "18b1d2-a")

    @Test func anObjectChangesDigestWithItsVersionOrTheModel() {
        let digest = ClassifiedLedger.digest(object, model: "m1")
        var same = object
        same.modified = Date()
        same.name = "elsewhere/a.txt"
        #expect(ClassifiedLedger.digest(same, model: "m1") == digest)
        var rewritten = object
        rewritten.etag = "18b1d3-a"
        #expect(ClassifiedLedger.digest(rewritten, model: "m1") != digest)
        var grown = object
        grown.size = 11
        #expect(ClassifiedLedger.digest(grown, model: "m1") != digest)
        var moved = object
        moved.key = "/in/b.txt"
        #expect(ClassifiedLedger.digest(moved, model: "m1") != digest)
        #expect(ClassifiedLedger.digest(object, model: "m2") != digest)
    }

    @Test func recordsSurviveCompactionAndRecordingTwiceChangesNothing() throws {
        let folder = try TemporaryFolder()
        var ledger = ClassifiedLedger(folder: folder.path + "/ledger")
        ledger.compactAbove = 3
        #expect(try ledger.load().isEmpty)
        var all: [ClassifiedLedger.Digest] = []
        for job in 0..<5 {
            var copy = object
            copy.key = "/in/\(job).txt"
            let digest = ClassifiedLedger.digest(copy, model: "m")
            all.append(digest)
            try ledger.record([digest], job: "job\(job)")
            try ledger.record([digest], job: "job\(job)")
        }
        #expect(try ledger.load() == Set(all))
        let files = try FileManager.default.contentsOfDirectory(atPath: ledger.folder)
        #expect(files.count <= 3, "\(files)")
    }

    @Test func aDamagedFileIsAnErrorNamingIt() throws {
        let folder = try TemporaryFolder()
        try folder.write("ledger/x.digests", Data([1, 2, 3]))
        let error = #expect(throws: TriageError.self) { try ClassifiedLedger(folder: folder.path + "/ledger").load() }
        #expect(error?.message.contains("x.digests is damaged") == true)
    }
}
