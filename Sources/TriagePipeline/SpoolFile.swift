import TriageCore
import TriageStorage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A local file written in pieces: the copy of a remote archive that libarchive then reads.
///
/// Owns its descriptor: `close()` is idempotent and `deinit` calls it. `@unchecked Sendable`:
/// its writes are awaited one at a time on the pool by the one source that owns it.
final class SpoolFile: @unchecked Sendable {
    private var descriptor: Int32
    private let path: String

    /// Creates (truncating) the file at `path`.
    init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw TriageError(.notWritable, "cannot create \(path)", cause: POSIXErrorCause.current())
        }
        descriptor = fd
        self.path = path
    }

    deinit { close() }

    /// Appends `bytes`.
    func write(_ bytes: [UInt8]) throws {
        guard descriptor >= 0 else { throw TriageError(.notWritable, "\(path) is already closed") }
        try LocalFiles.writeAll(descriptor, bytes, path: path)
    }

    /// Closes the file; idempotent.
    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }
}
