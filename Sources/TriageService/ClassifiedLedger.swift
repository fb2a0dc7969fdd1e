import Crypto
import Foundation
import TriageCore
import TriageStorage

/// What a watch has already classified: one 16-byte digest per object (its key, its ETag (for a
/// local file, its time and size) and the fingerprint of the model that classified it), so a re-run of a
/// backfill classifies only what is new or changed, and a new model classifies everything again.
///
/// The ledger is a folder of digest files, one per completed job (`<JobId>.digests`), written
/// atomically when the job's manifest is folded in; a crash between the two folds it again, which
/// changes nothing. Past `compactAbove` files they are merged into `all.digests`.
public struct ClassifiedLedger: Sendable {
    /// The ledger's folder.
    public let folder: String
    /// How many per-job files are kept before they are merged.
    public var compactAbove = 64

    /// A ledger kept in `folder`.
    public init(folder: String) {
        self.folder = folder
    }

    /// The digest of `object` classified by the model with `fingerprint`.
    public static func digest(_ object: ObjectInfo, model fingerprint: String) -> Digest {
        var hash = SHA256()
        hash.update(data: Array(object.key.utf8))
        hash.update(data: [0])
        hash.update(data: Array("\(object.etag ?? ""):\(object.size)".utf8))
        hash.update(data: [0])
        hash.update(data: Array(fingerprint.utf8))
        return Digest(Array(hash.finalize().prefix(16)))
    }

    /// Sixteen bytes of a SHA-256.
    public struct Digest: Hashable, Sendable {
        let high: UInt64
        let low: UInt64

        init(_ bytes: [UInt8]) {
            high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
            low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
        }

        var bytes: [UInt8] {
            (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
        }
    }

    /// Every digest recorded.
    public func load() throws -> Set<Digest> {
        var digests = Set<Digest>()
        for file in try files() {
            guard let data = FileManager.default.contents(atPath: LocalFiles.join(folder, file)) else {
                throw TriageError(.unreadable, "cannot read the ledger file \(LocalFiles.join(folder, file))")
            }
            let bytes = [UInt8](data)
            // A file is written whole or not at all; a length that is not a multiple of 16 is damage.
            guard bytes.count % 16 == 0 else {
                throw TriageError(.unreadable, "the ledger file \(LocalFiles.join(folder, file)) is damaged (\(bytes.count) bytes)")
            }
            for start in stride(from: 0, to: bytes.count, by: 16) {
                digests.insert(Digest(Array(bytes[start..<start + 16])))
            }
        }
        return digests
    }

    /// Records the digests of a completed job's objects.
    public func record(_ digests: [Digest], job jobId: String) throws {
        try LocalFiles.makeFolders(folder)
        try LocalFiles.replace(LocalFiles.join(folder, "\(jobId).digests"), with: digests.flatMap(\.bytes))
        if try files().count > compactAbove { try compact() }
    }

    /// Merges every file into `all.digests`, then removes the merged ones.
    public func compact() throws {
        let merged = try files()
        let all = try load()
        try LocalFiles.replace(LocalFiles.join(folder, "all.digests"), with: all.sorted { ($0.high, $0.low) < ($1.high, $1.low) }.flatMap(\.bytes))
        for file in merged where file != "all.digests" {
            unlink(LocalFiles.join(folder, file))
        }
    }

    private func files() throws -> [String] {
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".digests") }.sorted()
        } catch {
            throw TriageError(.unreadable, "cannot list the ledger \(folder)", cause: DescribedCause(error))
        }
    }
}
