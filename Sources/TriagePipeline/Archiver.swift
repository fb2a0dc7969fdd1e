internal import CArchive
import Foundation
import TriageCore
import TriageStorage

/// A libarchive status failure, carried as a `TriageError.cause`.
public struct ArchiveStatus: Error, Sendable, CustomStringConvertible {
    /// libarchive's return code (`ARCHIVE_WARN`, `ARCHIVE_FAILED`, `ARCHIVE_FATAL`).
    public let code: Int32
    /// `archive_error_string` at the time of the failure.
    public let text: String
    /// The library's message and code.
    public var description: String { "libarchive: \(text) (status \(code))" }
}

/// Packs files into a gzip-compressed tar archive with libarchive, as Comprehend's output.tar.gz.
public enum Archiver {
    /// Writes a `.tar.gz` at `destination` holding each `(name, localPath)` member, streamed in
    /// 1 MiB chunks, then fsyncs it. The caller renames it into place.
    public static func writeTarGz(members: [(name: String, path: String)], to destination: String) throws {
        let writer = try TarGzWriter(path: destination)
        defer { writer.close() }
        for member in members {
            try writer.add(name: member.name, contentsOf: member.path)
        }
        try writer.finish()
        try LocalFiles.syncFile(destination)
    }
}

/// Owns one libarchive write handle: `init` throws on failure, `deinit` frees, `finish` is idempotent.
final class TarGzWriter {
    private var handle: OpaquePointer?
    private let path: String
    private static let regularFileType: UInt32 = 0o100000  // AE_IFREG, which Swift cannot import

    init(path: String) throws {
        guard let handle = archive_write_new() else {
            throw TriageError(.archive, "cannot create an archive writer for \(path)")
        }
        self.handle = handle
        self.path = path
        try check(archive_write_add_filter_gzip(handle), "set gzip compression")
        try check(archive_write_set_format_pax_restricted(handle), "set tar format")
        try check(archive_write_open_filename(handle, path), "open")
    }

    deinit { close() }

    /// Adds a regular file member named `name` with the contents of the local file `source`.
    func add(name: String, contentsOf source: String) throws {
        guard let handle else { throw TriageError(.archive, "archive \(path) is already closed") }
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: source)
        } catch {
            throw TriageError(.archive, "cannot read \(source) to archive it", cause: DescribedCause(error))
        }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        guard let entry = archive_entry_new() else {
            throw TriageError(.archive, "cannot create an archive entry for \(name) in \(path)")
        }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, name)
        archive_entry_set_size(entry, size)
        archive_entry_set_filetype(entry, Self.regularFileType)
        archive_entry_set_perm(entry, 0o644)
        archive_entry_set_mtime(entry, time(nil), 0)
        try check(archive_write_header(handle, entry), "write header of \(name)")

        guard let input = FileHandle(forReadingAtPath: source) else {
            throw TriageError(.archive, "cannot open \(source) to archive it")
        }
        defer { try? input.close() }
        var written: Int64 = 0
        while true {
            let chunk: Data
            do {
                chunk = try input.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw TriageError(.archive, "cannot read \(source) to archive it", cause: DescribedCause(error))
            }
            if chunk.isEmpty { break }
            let result = chunk.withUnsafeBytes { archive_write_data(handle, $0.baseAddress, $0.count) }
            if result < 0 { try check(Int32(result), "write data of \(name)") }
            written += Int64(chunk.count)
        }
        guard written == size else {
            throw TriageError(.archive, "\(source) changed size while being archived (\(written) of \(size) bytes)")
        }
        try check(archive_write_finish_entry(handle), "finish entry \(name)")
    }

    /// Writes the archive's trailer and closes the file; the archive is complete only after this.
    func finish() throws {
        guard let handle else { return }
        try check(archive_write_close(handle), "close")
        close()
    }

    /// Frees the handle; idempotent.
    func close() {
        if let handle {
            archive_write_free(handle)
            self.handle = nil
        }
    }

    /// Turns a libarchive status into an error, reading the library's message before anything frees it.
    private func check(_ status: Int32, _ action: String) throws {
        guard status < ARCHIVE_OK else { return }
        let text = handle.flatMap { archive_error_string($0) }.map { String(cString: $0) } ?? "unknown error"
        if status == ARCHIVE_WARN { return }
        throw TriageError(.archive, "cannot \(action) in archive \(path)", cause: ArchiveStatus(code: status, text: text))
    }
}
