import Synchronization
import TriageCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A local file read in chunks through a file descriptor it owns.
///
/// The descriptor lives in a `Mutex`, so `closeNow` is idempotent and safe from any thread.
final class LocalFileStream: ByteStream {
    private let descriptor: Mutex<Int32>
    private let path: String

    /// Opens `path` for reading from byte `offset`; throws `.notFound` or `.unreadable` naming it.
    init(path: String, offset: Int64 = 0) throws {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let cause = POSIXErrorCause.current()
            let code: TriageError.Code = cause.errno == ENOENT ? .notFound : .unreadable
            throw TriageError(code, "cannot open \(path)", cause: cause)
        }
        if offset > 0, lseek(fd, off_t(offset), SEEK_SET) != off_t(offset) {
            let cause = POSIXErrorCause.current()
            Glibc.close(fd)
            throw TriageError(.unreadable, "cannot read \(path) from byte \(offset)", cause: cause)
        }
        descriptor = Mutex(fd)
        self.path = path
    }

    deinit { closeNow() }

    /// Reads the next chunk on the calling thread.
    func readNow(maxBytes: Int) throws -> [UInt8]? {
        guard maxBytes > 0 else { return [] }
        let fd = descriptor.withLock { $0 }
        guard fd >= 0 else {
            throw TriageError(.unreadable, "cannot read \(path): already closed")
        }
        var buffer = [UInt8](repeating: 0, count: maxBytes)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, maxBytes) }
            if count < 0 {
                if errno == EINTR { continue }
                throw TriageError(.unreadable, "cannot read \(path)", cause: POSIXErrorCause.current())
            }
            if count == 0 { return nil }
            buffer.removeSubrange(count...)
            return buffer
        }
    }

    /// Closes the descriptor; idempotent.
    func closeNow() {
        descriptor.withLock { fd in
            if fd >= 0 {
                Glibc.close(fd)
                fd = -1
            }
        }
    }

    func read(maxBytes: Int) async throws -> [UInt8]? {
        try await BlockingIO.run { try self.readNow(maxBytes: maxBytes) }
    }

    func close() async { closeNow() }
}

