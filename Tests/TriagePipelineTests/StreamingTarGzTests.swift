import Foundation
import Testing
import TriageCore
import TriageTestSupport
@testable import TriagePipeline

@Suite struct StreamingTarGzTests {
    /// Writes `pieces` as one member through `StreamingTarGz` and returns the archive's path.
    func archive(_ pieces: [String], in folder: TemporaryFolder, modified: Int = 1_700_000_000) throws -> String {
        let path = folder.path + "/output.tar.gz"
        let writer = try StreamingTarGz(path: path)
        for piece in pieces { try writer.append(CompressedPiece(compressing: Array(piece.utf8))) }
        try writer.finish(name: "predictions.jsonl", modified: modified)
        return path
    }

    @Test func gnuTarAndPythonTarfileReadPiecesAsOneFile() throws {
        let folder = try TemporaryFolder()
        let pieces = (0..<7).map { piece in
            (0..<(300 * piece + 1)).map { #"{"File": "f\#(piece)-\#($0).txt", "Classes": []}"# + "\n" }.joined()
        }
        let text = pieces.joined()
        let path = try archive(pieces, in: folder)
        #expect(try runTool("tar", ["tzvf", path]).contains(" \(text.utf8.count) "))
        #expect(try runTool("tar", ["xzOf", path, "predictions.jsonl"]) == text)
        let python = try runTool("python3", [
            "-c",
            """
            import sys, tarfile
            t = tarfile.open(sys.argv[1], 'r:gz')
            m = t.getmembers()
            print(len(m), m[0].name, m[0].isfile(), oct(m[0].mode), m[0].mtime, m[0].size, len(t.extractfile(m[0]).read()))
            """,
            path,
        ])
        #expect(python == "1 predictions.jsonl True 0o644 1700000000 \(text.utf8.count) \(text.utf8.count)\n")
        // gzip itself sees one stream, whole and sound.
        #expect(try runTool("gzip", ["-t", path]) == "")
    }

    @Test func contentsOfAWholeNumberOfBlocksAndEmptyContentsWork() throws {
        for pieces in [[String(repeating: "x", count: 512)], [String(repeating: "y", count: 1000), String(repeating: "z", count: 24)], [], [""]] {
            let folder = try TemporaryFolder()
            let path = try archive(pieces, in: folder)
            #expect(try runTool("tar", ["xzOf", path, "predictions.jsonl"]) == pieces.joined())
            // The tar stream is whole blocks: header, contents padded to 512, two zero blocks.
            let tarSize = try runTool("sh", ["-c", "gzip -dc \"$0\" | wc -c", path])
            let contents = pieces.joined().utf8.count
            #expect(Int(tarSize.trimmingCharacters(in: .whitespacesAndNewlines)) == 512 + (contents + 511) / 512 * 512 + 1024)
        }
    }

    @Test func headersAreValidUstarAndHugeSizesUseBase256() throws {
        let small = try TarHeader.ustar(name: "predictions.jsonl", size: 1234, mode: 0o644, modified: 5)
        #expect(small.count == 512)
        #expect(Array(small[257..<263]) == Array("ustar\0".utf8))
        let huge = try TarHeader.ustar(name: "predictions.jsonl", size: 10 << 30, mode: 0o644, modified: 5)
        #expect(huge[124] == 0x80)
        // Python's tarfile checks the checksum and decodes both size encodings.
        for (header, size) in [(small, 1234), (huge, 10 << 30)] {
            let folder = try TemporaryFolder()
            try Data(header).write(to: URL(fileURLWithPath: folder.path + "/h"))
            let parsed = try runTool("python3", [
                "-c",
                "import sys, tarfile; i = tarfile.TarInfo.frombuf(open(sys.argv[1], 'rb').read(), 'utf-8', 'strict'); print(i.name, i.size, i.mtime)",
                folder.path + "/h",
            ])
            #expect(parsed == "predictions.jsonl \(size) 5\n")
        }
        #expect(throws: TriageError.self) { try TarHeader.ustar(name: String(repeating: "n", count: 101), size: 0, mode: 0o644, modified: 0) }
    }

    @Test func theSameContentsGiveTheSameArchive() throws {
        let a = try TemporaryFolder()
        let b = try TemporaryFolder()
        let first = try Data(contentsOf: URL(fileURLWithPath: try archive(["one\n", "two\n"], in: a)))
        let second = try Data(contentsOf: URL(fileURLWithPath: try archive(["one\n", "two\n"], in: b)))
        #expect(first == second)
    }

    @Test func anUnwritableDestinationIsNotWritableNamingIt() throws {
        let folder = try TemporaryFolder()
        let error = #expect(throws: TriageError.self) { try StreamingTarGz(path: folder.path + "/no/such/dir/o.tar.gz") }
        #expect(error?.code == .notWritable)
        #expect(error?.message.contains("/no/such/dir/o.tar.gz") == true)
    }
}
