internal import CArchive
import TriageCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// libarchive's own error: its status and `archive_error_string`, carried as a `TriageError` cause.
public struct ArchiveLibraryError: Error, Sendable, CustomStringConvertible {
    /// The status libarchive returned (ARCHIVE_FATAL, ARCHIVE_FAILED...).
    public let status: Int32
    /// libarchive's description of the failure.
    public let message: String
    /// The message and the status.
    public var description: String { "\(message) (libarchive status \(status))" }
}

/// Reads the members of a zip or tar archive (tar optionally gzip-compressed) one after another,
/// streaming: a member's data is read in chunks, so memory holds at most what the caller keeps.
///
/// Owns its libarchive handle: `close()` frees it (idempotent) and `deinit` calls it. Not safe for
/// concurrent use; callers use one reader from one task at a time.
final class ArchiveReader {
    /// One member's header.
    struct Entry {
        /// The member's path inside the archive, as UTF-8 (lossily decoded if it is not).
        var path: String
        /// What the member is.
        var kind: Kind
        /// True when the member's data is encrypted.
        var isEncrypted: Bool
    }

    /// What a member is.
    enum Kind: Equatable {
        /// A regular file.
        case file
        /// A folder.
        case folder
        /// Anything else (link, device, fifo), by name.
        case other(String)
    }

    private var handle: OpaquePointer?
    /// A copy of in-memory archive bytes, which libarchive reads until the handle is freed.
    private var memory: UnsafeMutableRawBufferPointer?
    private let name: String

    /// `S_IFMT` and the file types of libarchive's `AE_IF…` macros, which Swift cannot import.
    private static let typeMask: UInt32 = 0o170000
    private static let regularFile: UInt32 = 0o100000
    private static let folderType: UInt32 = 0o040000
    private static let symbolicLink: UInt32 = 0o120000
    private static let chunkBytes = 64 << 10

    /// Opens the archive file at `path` (zip, tar, tar.gz); `name` names it in errors.
    init(path: String, name: String) throws {
        self.name = name
        handle = try Self.makeHandle(name: name)
        let status = path.withCString { archive_read_open_filename(handle, $0, Self.chunkBytes) }
        try finishOpening(status)
    }

    /// Opens an archive held in memory (a copy of `bytes` is kept); `name` names it in errors.
    init(bytes: [UInt8], name: String) throws {
        self.name = name
        handle = try Self.makeHandle(name: name)
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { copy.baseAddress!.copyMemory(from: base, byteCount: source.count) }
        }
        memory = copy
        let status = archive_read_open_memory(handle, copy.baseAddress, bytes.count)
        try finishOpening(status)
    }

    deinit { close() }

    /// Frees the handle and the in-memory copy; idempotent.
    func close() {
        if let handle { archive_read_free(handle) }
        handle = nil
        memory?.deallocate()
        memory = nil
    }

    private static func makeHandle(name: String) throws -> OpaquePointer {
        guard let handle = archive_read_new() else {
            throw TriageError(.unreadable, "cannot read archive \(name): libarchive could not allocate a reader")
        }
        archive_read_support_format_zip(handle)
        archive_read_support_format_tar(handle)
        archive_read_support_filter_gzip(handle)
        archive_read_support_filter_none(handle)
        return handle
    }

    private func finishOpening(_ status: Int32) throws {
        do {
            try check(status, "open")
        } catch {
            close()
            throw error
        }
    }

    /// Throws for a status worse than a warning, with libarchive's message read while the handle
    /// is still alive; returns the status otherwise.
    @discardableResult
    private func check(_ status: Int32, _ what: String) throws -> Int32 {
        guard status < ARCHIVE_WARN else { return status }
        let message = handle.flatMap { archive_error_string($0) }.map { String(cString: $0) } ?? "unknown error"
        throw TriageError(
            .invalidDocument, "cannot \(what) archive \(name)",
            cause: ArchiveLibraryError(status: status, message: message))
    }

    /// The next member's header, or nil after the last one.
    func next() throws -> Entry? {
        guard let handle else { throw TriageError(.invalidDocument, "archive \(name) is closed") }
        var entry: OpaquePointer?
        let status = archive_read_next_header(handle, &entry)
        if status == ARCHIVE_EOF { return nil }
        try check(status, "read the next member of")
        guard let entry else { throw TriageError(.invalidDocument, "archive \(name) gave a member without a header") }
        let path: String
        if let utf8 = archive_entry_pathname_utf8(entry) {
            path = String(cString: utf8)
        } else if let raw = archive_entry_pathname(entry) {
            path = String(decoding: UnsafeRawBufferPointer(start: raw, count: strlen(raw)), as: UTF8.self)
        } else {
            path = ""
        }
        let type = UInt32(archive_entry_filetype(entry)) & Self.typeMask
        let kind: Kind
        switch type {
        case Self.regularFile: kind = .file
        case Self.folderType: kind = .folder
        case Self.symbolicLink: kind = .other("a symbolic link")
        default: kind = .other("not a regular file")
        }
        return Entry(path: path, kind: kind, isEncrypted: archive_entry_is_encrypted(entry) != 0)
    }

    /// Reads the current member's data, keeping at most `limit` bytes; every byte decompressed
    /// (kept or not) is taken from `budget`, and reading stops when the budget runs out.
    ///
    /// `truncated` is true when the member holds more than `limit` bytes; `overBudget` when the
    /// budget ran out before its end.
    func readData(limit: Int, budget: inout Int) throws -> (bytes: [UInt8], truncated: Bool, overBudget: Bool) {
        guard let handle else { throw TriageError(.invalidDocument, "archive \(name) is closed") }
        var kept: [UInt8] = []
        var total = 0
        var chunk = [UInt8](repeating: 0, count: Self.chunkBytes)
        while true {
            let count = chunk.withUnsafeMutableBytes { archive_read_data(handle, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                try check(Int32(clamping: count), "read a member of")
                continue  // a warning: the data read so far stands
            }
            total += count
            budget -= count
            if kept.count < limit + 1 {
                kept.append(contentsOf: chunk[0..<min(count, limit + 1 - kept.count)])
            }
            if budget < 0 { return (Array(kept.prefix(limit)), total > limit, true) }
        }
        return (Array(kept.prefix(limit)), total > limit, false)
    }
}
