import Foundation
import Testing
import TriageCore
import TriageTestSupport
@testable import TriagePipeline

@Suite struct ArchiverTests {
    @Test func gnuTarAndPythonTarfileReadTheArchiveBack() throws {
        let folder = try TemporaryFolder()
        let text = (0..<5000).map { #"{"File": "f\#($0).txt", "Classes": []}"# }.joined(separator: "\n") + "\n"
        try folder.write("predictions.jsonl", text)
        let archive = folder.path + "/output.tar.gz"
        try Archiver.writeTarGz(members: [("predictions.jsonl", folder.path + "/predictions.jsonl")], to: archive)

        let listing = try runTool("tar", ["tzf", archive])
        #expect(listing == "predictions.jsonl\n")
        let extracted = try runTool("tar", ["xzOf", archive, "predictions.jsonl"])
        #expect(extracted == text)
        let python = try runTool("python3", [
            "-c",
            "import sys,tarfile; t=tarfile.open(sys.argv[1]); m=t.getmembers(); print(len(m), m[0].name, m[0].isfile(), len(t.extractfile(m[0]).read()))",
            archive,
        ])
        #expect(python == "1 predictions.jsonl True \(text.utf8.count)\n")
    }

    @Test func aMissingSourceIsAnErrorNamingIt() throws {
        let folder = try TemporaryFolder()
        let error = #expect(throws: TriageError.self) {
            try Archiver.writeTarGz(members: [("p", folder.path + "/missing.jsonl")], to: folder.path + "/o.tar.gz")
        }
        #expect(error?.message.contains("missing.jsonl") == true)
    }

    @Test func anUnwritableDestinationCarriesLibarchivesMessage() throws {
        let folder = try TemporaryFolder()
        try folder.write("p.jsonl", "x\n")
        let error = #expect(throws: TriageError.self) {
            try Archiver.writeTarGz(members: [("p", folder.path + "/p.jsonl")], to: folder.path + "/no/such/dir/o.tar.gz")
        }
        #expect(error?.cause is ArchiveStatus)
    }
}
