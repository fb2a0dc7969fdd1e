import Foundation
import TriageCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Small, durable local file operations shared by the stores and the pipeline.
public enum LocalFiles {
    /// Creates `path` and its parents; throws `.notWritable` naming the folder.
    public static func makeFolders(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw TriageError(.notWritable, "cannot create folder \(path)", cause: DescribedCause(error))
        }
    }

    /// fsyncs a folder so that a rename or a new file in it survives a power loss.
    public static func syncFolder(_ path: String) throws {
        let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            throw TriageError(.notWritable, "cannot open folder \(path) to sync it", cause: POSIXErrorCause.current())
        }
        defer { close(fd) }
        guard fsync(fd) == 0 else {
            throw TriageError(.notWritable, "cannot sync folder \(path)", cause: POSIXErrorCause.current())
        }
    }

    /// fsyncs a file's contents.
    public static func syncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw TriageError(.notWritable, "cannot open \(path) to sync it", cause: POSIXErrorCause.current())
        }
        defer { close(fd) }
        guard fsync(fd) == 0 else {
            throw TriageError(.notWritable, "cannot sync \(path)", cause: POSIXErrorCause.current())
        }
    }

    /// Copies a file in 1 MiB chunks and fsyncs the copy.
    public static func copy(from source: String, to destination: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            throw TriageError(.unreadable, "cannot open \(source)", cause: POSIXErrorCause.current())
        }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            throw TriageError(.notWritable, "cannot create \(destination)", cause: POSIXErrorCause.current())
        }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else {
                throw TriageError(.unreadable, "cannot read \(source)", cause: POSIXErrorCause.current())
            }
            if count == 0 { break }
            try writeAll(output, buffer[0..<count], path: destination)
        }
        guard fsync(output) == 0 else {
            throw TriageError(.notWritable, "cannot sync \(destination)", cause: POSIXErrorCause.current())
        }
    }

    /// Replaces the file at `path` with `bytes` atomically: a temporary file beside it, fsync'ed,
    /// renamed over it, and the folder synced. Throws `.notWritable` naming `path`.
    public static func replace(_ path: String, with bytes: [UInt8]) throws {
        var template = Array((path + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw TriageError(.notWritable, "cannot create a temporary file for \(path)", cause: POSIXErrorCause.current())
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do {
            defer { close(fd) }
            guard fchmod(fd, 0o644) == 0 else {
                throw TriageError(.notWritable, "cannot set permissions of \(path)", cause: POSIXErrorCause.current())
            }
            try writeAll(fd, bytes, path: path)
            guard fsync(fd) == 0 else {
                throw TriageError(.notWritable, "cannot sync \(path)", cause: POSIXErrorCause.current())
            }
            guard rename(temporary, path) == 0 else {
                throw TriageError(.notWritable, "cannot write \(path)", cause: POSIXErrorCause.current())
            }
        } catch {
            unlink(temporary)
            throw error
        }
        try syncFolder(folder(of: path))
    }

    /// Writes every byte of `bytes` to `fd`, retrying short writes and EINTR.
    public static func writeAll(_ fd: Int32, _ bytes: some ContiguousBytes, path: String) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw TriageError(.notWritable, "cannot write \(path)", cause: POSIXErrorCause.current())
                }
                offset += written
            }
        }
    }

    /// The folder part of `path`: everything before its last `/` (`"/"` for a file at the root,
    /// `"."` when there is no `/`). Plain string work, so any path is safe, however short.
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The name part of `path`: everything after its last `/`.
    public static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `folder` and `name` joined by exactly one `/`.
    public static func join(_ folder: String, _ name: String) -> String {
        if folder.isEmpty { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// `path` made absolute against the current folder, with `.` and `..` resolved.
    public static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// A prefix given by a user made absolute, keeping a trailing `/` (it changes what the prefix
    /// matches); a URI with a scheme other than `file://` is kept as it is.
    public static func absolutePrefix(_ prefix: String) -> String {
        if prefix.contains("://"), !prefix.hasPrefix("file://") { return prefix }
        let path = prefix.hasPrefix("file://") ? String(prefix.dropFirst("file://".count)) : prefix
        let absolute = Self.absolute(path)
        return path.hasSuffix("/") && !absolute.hasSuffix("/") ? absolute + "/" : absolute
    }
}
