import Foundation
import TriageCore
import TriageStorage

/// A job's input listing, saved when the job first starts (or when `watch` makes the job), so a
/// resumed job reads exactly the objects, in exactly the order, the job started with: files added
/// under the prefix after it started belong to a later job.
///
/// One JSON object per line: `{"ETag": …, "Key": …, "Modified": …, "Name": …, "Size": …}`.
public enum InputManifest {
    /// Writes `objects` to `path` atomically (a temporary file, fsync, rename).
    public static func write(_ objects: [ObjectInfo], to path: String) throws {
        let encoder = JSONCoding.lineEncoder()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(objects.count * 128)
        for object in objects {
            do {
                bytes += try encoder.encode(object)
            } catch {
                throw TriageError(.notWritable, "cannot encode the input listing \(path)", cause: DescribedCause(error))
            }
            bytes.append(0x0A)
        }
        try LocalFiles.replace(path, with: bytes)
    }

    /// Reads the listing at `path`; throws `.notFound` when it is missing, `.unreadable` naming the
    /// line when it is damaged.
    public static func read(_ path: String) throws -> [ObjectInfo] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TriageError(.notFound, "the input listing \(path) does not exist")
        }
        let decoder = JSONCoding.decoder()
        var objects: [ObjectInfo] = []
        var number = 0
        for line in data.split(separator: 0x0A) {
            number += 1
            do {
                objects.append(try decoder.decode(ObjectInfo.self, from: line))
            } catch {
                throw TriageError(.unreadable, "the input listing \(path) line \(number) is damaged", cause: DescribedCause(error))
            }
        }
        return objects
    }
}
