import Foundation
import TriageCore
import TriageStorage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An exclusive, advisory lock on a file (`flock`), held while the value lives, that says who holds it.
///
/// The kernel releases a `flock` when its holder dies, however it dies, so a lock left by a
/// killed process never blocks anyone. The file holds the holder's `pid@host` and start time while
/// it is held and is emptied on a clean release: a lock acquired over a non-empty file was left by
/// a process that died holding it, which `takenOverFrom` reports.
public final class LockFile: @unchecked Sendable {
    // @unchecked Sendable: `descriptor` is only changed by `release()`, which callers make once,
    // from the task that owns the lock.

    /// The lock file.
    public let path: String
    /// The holder recorded in the file when this process acquired it: a process that died
    /// holding the lock (nil after a clean release).
    public let takenOverFrom: String?
    private var descriptor: Int32

    /// What identifies this process in lock files and journal events: `pid@host`.
    public static let holder: String = {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let host = name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return "\(getpid())@\(host)"
    }()

    private init(path: String, descriptor: Int32, takenOverFrom: String?) {
        self.path = path
        self.descriptor = descriptor
        self.takenOverFrom = takenOverFrom
    }

    /// The lock, or nil when another process (or another handle in this one) holds it; never waits.
    /// Throws `.notWritable` when the file cannot be created.
    public static func tryAcquire(_ path: String) throws -> LockFile? {
        try LocalFiles.makeFolders(LocalFiles.folder(of: path))
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw TriageError(.notWritable, "cannot open lock file \(path)", cause: POSIXErrorCause.current())
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let cause = POSIXErrorCause.current()
            close(fd)
            if cause.errno == EWOULDBLOCK { return nil }
            throw TriageError(.notWritable, "cannot lock \(path)", cause: cause)
        }
        let previous = String(decoding: readAll(fd), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let record = Array("\(holder) since \(JSONCoding.formatDate(Date()))\n".utf8)
        _ = ftruncate(fd, 0)
        _ = record.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return LockFile(path: path, descriptor: fd, takenOverFrom: previous.isEmpty ? nil : previous)
    }

    /// Who holds the lock at `path`, as its file says (empty when nobody does).
    public static func holder(of path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        return String(decoding: readAll(fd), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func readAll(_ fd: Int32) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 512)
        let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(bytes[0..<count]) : []
    }

    /// Empties the file (a clean release) and unlocks it; idempotent.
    public func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
