import Foundation
import Testing
import TriageCore
import TriageStorage
import TriageTestSupport
@testable import TriageService

@Suite struct ClassifiedLedgerTests {
    let object = ObjectInfo(key: "/in/a.txt", name: "a.txt", size: 10, modified: Date(timeIntervalSince1970: 1_800_000_000.1234))

    @Test func anObjectChangesDigestWithItsVersionOrTheModelButNotWithSubMillisecondTime() {
        let digest = ClassifiedLedger.digest(object, model: "m1")
        var touched = object
        touched.modified = Date(timeIntervalSince1970: 1_800_000_000.1239)
        #expect(ClassifiedLedger.digest(touched, model: "m1") == digest)
        touched.modified = Date(timeIntervalSince1970: 1_800_000_001)
        #expect(ClassifiedLedger.digest(touched, model: "m1") != digest)
        var grown = object
        grown.size = 11
        #expect(ClassifiedLedger.digest(grown, model: "m1") != digest)
        #expect(ClassifiedLedger.digest(object, model: "m2") != digest)
        var tagged = object
        tagged.etag = "\"abc\""
        var retouched = tagged
        retouched.modified = Date(timeIntervalSince1970: 1)
        // With an ETag, the time does not matter.
        #expect(ClassifiedLedger.digest(tagged, model: "m1") == ClassifiedLedger.digest(retouched, model: "m1"))
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
