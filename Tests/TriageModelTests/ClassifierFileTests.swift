import Foundation
import Testing
import TriageCore
@testable import TriageModel

/// The model file format (`Classifier+File.swift`): round trip, layout and every refusal.
@Suite struct ClassifierFileTests {
    /// Writes a small MULTI_CLASS model into `folder` and returns its path and bytes.
    func writeModel(in folder: String, buckets: Int = 1024) throws -> (path: String, bytes: Data) {
        let path = folder + "/model.triage"
        try Trainer.train(examples: Fixtures.toy, mode: .multiClass, options: Fixtures.smallOptions(buckets: buckets)).write(to: path)
        return (path, try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes `bytes` to `path`, loads it and returns the refusal's message (checking code and path).
    func refusal(_ bytes: Data, at path: String, verify: Bool = false) throws -> String {
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: TriageError.self) { try Classifier.load(path: path, verify: verify) }
        #expect(error?.code == .invalidModel)
        #expect(error?.message.contains(path) == true)
        return error?.message ?? ""
    }

    @Test func saveAndLoadGiveIdenticalPredictions() throws {
        try Fixtures.withTemporaryFolder { folder throws in
            let path = folder + "/labels.triage"
            let options = Fixtures.smallOptions()
            let trained = try Trainer.train(examples: Fixtures.multiLabel, mode: .multiLabel, options: options)
            try trained.write(to: path)
            let loaded = try Classifier.load(path: path)
            #expect(loaded.labels == trained.labels)
            #expect(loaded.mode == .multiLabel)
            #expect(loaded.options == options)
            #expect(loaded.scoreScale == trained.scoreScale)
            for text in ["refund asap", "crash error bug", "nothing known", ""] {
                #expect(loaded.probabilities(text) == trained.probabilities(text))
                #expect(loaded.predict(text: text) == trained.predict(text: text))
            }
        }
    }

    @Test func overwritesAtomicallyLeavingNoTemporaryFile() throws {
        try Fixtures.withTemporaryFolder { folder throws in
            let first = try writeModel(in: folder, buckets: 64)
            let second = try writeModel(in: folder, buckets: 128)
            #expect(first.bytes != second.bytes)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["model.triage"])
            #expect(try Classifier.load(path: first.path).options.buckets == 128)
        }
    }

    @Test func laysOutAHeaderThenAnAlignedBody() throws {
        try Fixtures.withTemporaryFolder { folder throws in
            let bytes = try writeModel(in: folder, buckets: 100).bytes
            func integer(_ range: Range<Int>) -> Int {
                bytes[range].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            }
            #expect(bytes.prefix(8) == Data("TRIAGEMD".utf8))
            #expect(integer(8..<12) == 3)
            #expect(integer(16..<24) == bytes.count)
            let offset = integer(32..<40)
            #expect(offset % 64 == 0)
            #expect(integer(40..<48) == 100)
            #expect(integer(48..<52) == 3)
            // Biases (12 bytes padded to 64), per bucket idf and scale (800 bytes padded to 832),
            // then per bucket 3 weights padded to 4.
            let body = 64 + 832 + 100 * 4
            #expect(integer(56..<64) == body)
            #expect(bytes.count == offset + body)
            let metadata = try JSONSerialization.jsonObject(with: bytes[64..<(64 + integer(28..<32))]) as? [String: Any]
            #expect(metadata?["labels"] as? [String] == ["fruit", "vehicle", "weather"])
            #expect(metadata?["mode"] as? String == "MULTI_CLASS")
            #expect((metadata?["scoreScale"] as? Double ?? 0) > 0)
        }
    }

    @Test func aDamagedBodyIsFoundOnRequestAndDamagedMetadataAlways() throws {
        try Fixtures.withTemporaryFolder { folder throws in
            let (path, good) = try writeModel(in: folder)
            var flipped = good
            flipped[good.count - 10] ^= 0x40
            try flipped.write(to: URL(fileURLWithPath: path))
            // A plain load is a map and a header check: it does not read the weights.
            #expect(try Classifier.load(path: path).labels == ["fruit", "vehicle", "weather"])
            #expect(try refusal(flipped, at: path, verify: true).hasSuffix("is corrupted (checksum mismatch in its weights)"))
            var metadata = good
            metadata[70] ^= 0x01
            #expect(try refusal(metadata, at: path).hasSuffix("is corrupted (metadata checksum mismatch)"))
        }
    }

    @Test func refusesATruncatedFile() throws {
        try Fixtures.withTemporaryFolder { folder throws in
            let (path, good) = try writeModel(in: folder)
            #expect(try refusal(good.prefix(good.count - 100), at: path).contains("is truncated"))
            #expect(try refusal(good.prefix(20), at: path).contains("is truncated"))
        }
    }

    @Test func refusesAForeignFile() throws {
        try Fixtures.withTemporaryFolder { folder throws in
            let path = folder + "/train.csv"
            #expect(try refusal(Data("label,text\nspam,hello\n".utf8), at: path) == "model \(path) is not a Triage model (bad magic number)")
            #expect(try refusal(Data(), at: path).contains("is not a Triage model"))
        }
    }

    @Test func refusesAModelFromANewerVersion() throws {
        try Fixtures.withTemporaryFolder { folder throws in
            let (path, good) = try writeModel(in: folder)
            var newer = good
            newer[8] = 4
            #expect(try refusal(newer, at: path).hasSuffix(
                "was written by a newer Triage (format version 4); this build reads version 3"))
            var older = good
            older[8] = 2
            #expect(try refusal(older, at: path).hasSuffix(
                "has format version 2, which this build no longer reads (it reads version 3); train it again"))
        }
    }

    @Test func refusesAnImpossibleHeaderWithoutCrashing() throws {
        try Fixtures.withTemporaryFolder { folder throws in
            let (path, good) = try writeModel(in: folder)
            // The header is outside every checksum: huge bucket, offset, length and label counts must not trap.
            for range in [32..<40, 40..<48, 48..<52, 56..<64, 28..<32] {
                var bad = good
                bad.replaceSubrange(range, with: [UInt8](repeating: 0xFF, count: range.count))
                #expect(try refusal(bad, at: path).contains("is corrupted"))
            }
        }
    }

    @Test func refusesAMissingFileOrAFolder() throws {
        try Fixtures.withTemporaryFolder { folder throws in
            let missing = #expect(throws: TriageError.self) { try Classifier.load(path: folder + "/none.triage") }
            #expect(missing?.code == .invalidModel)
            #expect(missing?.message == "model \(folder)/none.triage does not exist")
            let directory = #expect(throws: TriageError.self) { try Classifier.load(path: folder) }
            #expect(directory?.message.contains(folder) == true)
        }
    }

    @Test func anUnwritablePathIsNotWritableNamingIt() throws {
        try Fixtures.withTemporaryFolder { folder throws in
            let classifier = try Trainer.train(examples: Fixtures.toy, mode: .multiClass, options: Fixtures.smallOptions(buckets: 16))
            let path = folder + "/no/such/folder/model.triage"
            let error = #expect(throws: TriageError.self) { try classifier.write(to: path) }
            #expect(error?.code == .notWritable)
            #expect(error?.message.contains(path) == true)
        }
    }
}
