import Foundation
import Testing
import TriageCore

@Suite struct DescribedCauseTests {
    @Test func aFileManagerErrorIsDescribedByItsPOSIXCause() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("described-cause-\(UUID().uuidString)").path
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: folder))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = #expect(throws: (any Error).self) {
            try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        }
        let described = DescribedCause(try #require(error)).description
        #expect(described == "Not a directory (errno 20)")
    }

    @Test func aDecodingErrorSaysWhatIsWrongAndWhere() {
        struct Filter: Decodable {
            var status: JobStatus
            enum CodingKeys: String, CodingKey { case status = "JobStatus" }
        }
        let error = #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Filter.self, from: Data(#"{"JobStatus": "BOGUS"}"#.utf8))
        }
        let described = DescribedCause(error!).description
        #expect(described == "Cannot initialize JobStatus from invalid String value BOGUS (at JobStatus)")
        let missing = #expect(throws: DecodingError.self) { try JSONDecoder().decode(Filter.self, from: Data("{}".utf8)) }
        #expect(DescribedCause(missing!).description == "JobStatus is missing")
    }

    @Test func otherErrorsKeepTheirOwnDescription() {
        struct Plain: Error, CustomStringConvertible { var description: String { "plain failure" } }
        #expect(DescribedCause(Plain()).description == "plain failure")
        let wrapped = TriageError(.unreadable, "cannot read x", cause: POSIXErrorCause(errno: 2, text: "No such file or directory"))
        #expect(DescribedCause(wrapped).description == "cannot read x: No such file or directory (errno 2)")
    }
}
