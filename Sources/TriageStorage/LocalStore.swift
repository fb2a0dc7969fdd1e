import Foundation
import TriageCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The local file system as an object store: keys are paths, prefixes have Comprehend's semantics.
public struct LocalStore: ObjectStore {
    /// Makes a local store.
    public init() {}

    /// Lists every regular file whose path starts with `prefix`, recursively, in byte order.
    ///
    /// An existing file is taken alone. Otherwise, as in S3, the prefix's folder (everything up to
    /// the last `/`) is scanned for paths starting with the rest: `in/` lists everything in `in`,
    /// while `in/inv` lists `in/inv-1.txt` and `in/inv/2.txt` alike.
    public func list(prefix: String) async throws -> [ObjectInfo] {
        try await BlockingIO.run { try Self.listSync(prefix: prefix) }
    }

    static func listSync(prefix: String) throws -> [ObjectInfo] {
        let path = Self.stripScheme(prefix)
        guard !path.isEmpty else {
            throw TriageError(.invalidArgument, "the input prefix is empty")
        }
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFREG {
                let name = LocalFiles.name(of: path)
                return [ObjectInfo(key: path, name: name, size: Int64(info.st_size), modified: info.modificationDate, etag: info.entityTag)]
            }
        }
        let folder = LocalFiles.folder(of: path)
        let namePrefix = LocalFiles.name(of: path)
        var folderInfo = stat()
        guard stat(folder, &folderInfo) == 0, folderInfo.st_mode & S_IFMT == S_IFDIR else {
            throw TriageError(.notFound, "input prefix \(prefix): folder \(folder) does not exist", cause: POSIXErrorCause.current())
        }
        return try walk(folder: folder, namePrefix: namePrefix)
    }

    /// Walks `folder` recursively, keeping regular files whose relative path starts with `namePrefix`.
    private static func walk(folder: String, namePrefix: String) throws -> [ObjectInfo] {
        var found: [ObjectInfo] = []
        var visited = Set<[UInt64]>()
        var pending: [String] = [""]  // relative folder paths still to read, "" is the root
        let wanted = Array(namePrefix.utf8)
        while let relative = pending.popLast() {
            let absolute = relative.isEmpty ? folder : join(folder, relative)
            var folderInfo = stat()
            guard stat(absolute, &folderInfo) == 0 else {
                throw TriageError(.unreadable, "cannot read input folder \(absolute)", cause: POSIXErrorCause.current())
            }
            // A folder reached twice through symbolic links is read once, so link loops end.
            guard visited.insert([UInt64(folderInfo.st_dev), UInt64(folderInfo.st_ino)]).inserted else { continue }
            guard let dir = opendir(absolute) else {
                throw TriageError(.unreadable, "cannot list input folder \(absolute)", cause: POSIXErrorCause.current())
            }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                    pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                let childUTF8 = Array(childRelative.utf8)
                let matches = childUTF8.starts(with: wanted)
                let mayContainMatches = wanted.starts(with: childUTF8 + [UInt8(ascii: "/")]) || matches
                let childPath = join(folder, childRelative)
                var childInfo = stat()
                guard stat(childPath, &childInfo) == 0 else {
                    // A dangling link or a file removed while listing: keep it, so reading it gives
                    // the document an error record instead of a silent skip.
                    if matches {
                        found.append(ObjectInfo(key: childPath, name: childRelative, size: 0, modified: nil))
                    }
                    continue
                }
                switch childInfo.st_mode & S_IFMT {
                case S_IFDIR where mayContainMatches:
                    pending.append(childRelative)
                case S_IFREG where matches:
                    found.append(ObjectInfo(
                        key: childPath, name: childRelative, size: Int64(childInfo.st_size),
                        modified: childInfo.modificationDate, etag: childInfo.entityTag))
                default:
                    break
                }
            }
        }
        found.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return found
    }

    /// Opens a local file for streaming reads from byte `offset`.
    public func open(_ object: ObjectInfo, from offset: Int64) async throws -> any ByteStream {
        try await BlockingIO.run { try LocalFileStream(path: object.key, offset: offset) }
    }

    /// Reads at most `limit` bytes of a local file in one call.
    public func read(_ object: ObjectInfo, limit: Int) async throws -> (bytes: [UInt8], truncated: Bool) {
        try await BlockingIO.run {
            let stream = try LocalFileStream(path: object.key)
            defer { stream.closeNow() }
            var bytes: [UInt8] = []
            // Size reads by the listed size (+1 to see the end, or growth since listing), so a small
            // file does not cost a 1 MiB buffer.
            let chunkBytes = min(1 << 20, max(4096, Int(clamping: object.size) + 1))
            while bytes.count <= limit, let chunk = try stream.readNow(maxBytes: min(chunkBytes, limit + 1 - bytes.count)) {
                bytes += chunk
            }
            if bytes.count > limit {
                bytes.removeSubrange(limit...)
                return (bytes, true)
            }
            return (bytes, false)
        }
    }

    /// Creates the destination's folder and checks it is writable.
    public func prepare(destination: String) async throws {
        try await BlockingIO.run {
            let folder = LocalFiles.folder(of: Self.stripScheme(destination))
            try LocalFiles.makeFolders(folder)
            guard access(folder, W_OK) == 0 else {
                throw TriageError(.notWritable, "output folder \(folder) is not writable", cause: POSIXErrorCause.current())
            }
        }
    }

    /// Renames (or, across file systems, copies) a finished file into place atomically.
    public func publish(localFile: String, to destination: String) async throws -> String {
        try await BlockingIO.run { try Self.publishSync(localFile: localFile, to: Self.stripScheme(destination)) }
    }

    static func publishSync(localFile: String, to destination: String) throws -> String {
        let folder = LocalFiles.folder(of: destination)
        try LocalFiles.makeFolders(folder)
        if rename(localFile, destination) == 0 {
            try LocalFiles.syncFolder(folder)
            return LocalFiles.absolute(destination)
        }
        guard errno == EXDEV else {
            throw TriageError(.notWritable, "cannot move \(localFile) to \(destination)", cause: POSIXErrorCause.current())
        }
        // Different file systems: copy under a temporary name beside the destination, then rename.
        let temporary = destination + ".partial-\(getpid())"
        try LocalFiles.copy(from: localFile, to: temporary)
        guard rename(temporary, destination) == 0 else {
            let cause = POSIXErrorCause.current()
            unlink(temporary)
            throw TriageError(.notWritable, "cannot move \(temporary) to \(destination)", cause: cause)
        }
        try LocalFiles.syncFolder(folder)
        unlink(localFile)
        return LocalFiles.absolute(destination)
    }

    /// A path without a leading `file://`.
    static func stripScheme(_ uri: String) -> String {
        uri.hasPrefix("file://") ? String(uri.dropFirst("file://".count)) : uri
    }

    private static func join(_ folder: String, _ relative: String) -> String {
        LocalFiles.join(folder, relative)
    }
}

extension stat {
    /// A tag that changes whenever the file's contents are replaced or rewritten, as web servers
    /// make for files: its modification time in nanoseconds and its size, in hex. Exact, unlike a
    /// `Date`, so it compares equal after a round trip through a saved listing.
    var entityTag: String {
        let nanoseconds = Int64(st_mtim.tv_sec) * 1_000_000_000 + Int64(st_mtim.tv_nsec)
        return String(nanoseconds, radix: 16) + "-" + String(Int64(st_size), radix: 16)
    }

    /// The modification time as a `Date`.
    var modificationDate: Date {
        Date(timeIntervalSince1970: TimeInterval(st_mtim.tv_sec) + TimeInterval(st_mtim.tv_nsec) / 1e9)
    }
}
