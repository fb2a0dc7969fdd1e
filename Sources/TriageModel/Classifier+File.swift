import Foundation
import TriageCore

#if canImport(Glibc)
import Glibc
#endif

#if _endian(big)
#error("The model file stores little-endian Float32 weights that are memory-mapped as they are; big-endian hosts are not supported.")
#endif

/// The model file format, version 1 (all integers little-endian):
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 8 | magic `TRIAGEMD` |
/// | 8 | 4 | format version |
/// | 12 | 4 | header size (64) |
/// | 16 | 8 | file length |
/// | 24 | 4 | CRC-32 (zlib) of bytes 64..<file length |
/// | 28 | 4 | metadata length |
/// | 32 | 8 | parameters offset (a multiple of 64) |
/// | 40 | 8 | buckets |
/// | 48 | 4 | labels |
/// | 52 | 12 | zero |
/// | 64 | metadata length | JSON, sorted keys: mode, label table, options (hyper-parameters, seed) |
/// | … | to parameters offset | zero padding |
/// | parameters offset | 4 × (buckets + 1) × labels | Float32 weights `[bucket][label]`, then the biases |
///
/// The parameters are 64-byte aligned, so a loaded model is a memory map plus a header check.
extension Classifier {
    /// The first 8 bytes of every model file.
    public static let magic: [UInt8] = Array("TRIAGEMD".utf8)
    /// The format version this build writes and reads.
    public static let formatVersion: UInt32 = 1
    /// Bytes before the metadata: the fixed header.
    static let headerSize = 64

    /// The JSON section of the file.
    struct Metadata: Codable {
        /// MULTI_CLASS or MULTI_LABEL.
        var mode: ClassifierMode
        /// The label table, in weight-column order.
        var labels: [String]
        /// The hyper-parameters and seed.
        var options: TrainingOptions
    }

    /// Writes the model to `path` atomically (a temporary file beside it, fsync, rename, fsync of
    /// the folder); throws `.notWritable` naming `path`.
    public func write(to path: String) throws {
        func failure(_ what: String, cause: (any Error & Sendable)? = nil) -> TriageError {
            TriageError(.notWritable, "cannot \(what) model \(path)", cause: cause)
        }
        let metadata: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            metadata = Array(try encoder.encode(Metadata(mode: mode, labels: labels, options: options)))
        } catch {
            throw failure("encode the metadata of", cause: DescribedCause(error))
        }
        let classes = labels.count
        let parameterOffset = (Self.headerSize + metadata.count + 63) / 64 * 64
        let parameterBytes = UnsafeRawBufferPointer(
            start: parameters,
            count: (Self.parameterCount(buckets: options.buckets, classes: classes) ?? 0) * MemoryLayout<Float>.size)
        let length = parameterOffset + parameterBytes.count

        // Everything before the parameters; the parameters are written straight from memory.
        var head = [UInt8](repeating: 0, count: parameterOffset)
        head.replaceSubrange(0..<8, with: Self.magic)
        head.replaceSubrange(Self.headerSize..<Self.headerSize + metadata.count, with: metadata)
        var crc = head[Self.headerSize...].withUnsafeBytes { Checksum.crc32($0) }
        crc = Checksum.crc32(parameterBytes, continuing: crc)
        head.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: Self.formatVersion.littleEndian, toByteOffset: 8, as: UInt32.self)
            raw.storeBytes(of: UInt32(Self.headerSize).littleEndian, toByteOffset: 12, as: UInt32.self)
            raw.storeBytes(of: UInt64(length).littleEndian, toByteOffset: 16, as: UInt64.self)
            raw.storeBytes(of: crc.littleEndian, toByteOffset: 24, as: UInt32.self)
            raw.storeBytes(of: UInt32(metadata.count).littleEndian, toByteOffset: 28, as: UInt32.self)
            raw.storeBytes(of: UInt64(parameterOffset).littleEndian, toByteOffset: 32, as: UInt64.self)
            raw.storeBytes(of: UInt64(options.buckets).littleEndian, toByteOffset: 40, as: UInt64.self)
            raw.storeBytes(of: UInt32(classes).littleEndian, toByteOffset: 48, as: UInt32.self)
        }

        var template = Array((path + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure("create a temporary file for", cause: POSIXErrorCause.current()) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var error: TriageError?
        if fchmod(fd, 0o644) != 0 {
            error = failure("set permissions of", cause: POSIXErrorCause.current())
        }
        if error == nil {
            error = head.withUnsafeBytes { Self.writeAll(fd, $0) }.map { failure("write", cause: $0) }
        }
        if error == nil {
            error = Self.writeAll(fd, parameterBytes).map { failure("write", cause: $0) }
        }
        if error == nil, fsync(fd) != 0 { error = failure("sync", cause: POSIXErrorCause.current()) }
        if close(fd) != 0, error == nil { error = failure("write", cause: POSIXErrorCause.current()) }
        if error == nil, rename(temporary, path) != 0 { error = failure("write", cause: POSIXErrorCause.current()) }
        if let error {
            unlink(temporary)
            throw error
        }
        Self.syncFolder(of: path)
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and EINTR; the errno cause on failure.
    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> POSIXErrorCause? {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return POSIXErrorCause.current()
            }
            offset += written
        }
        return nil
    }

    /// Flushes the rename to disk; best effort, the model itself is already synced.
    private static func syncFolder(of path: String) {
        let folder = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }

    /// Memory-maps and checks the model file at `path`.
    ///
    /// Refuses with `.invalidModel`, in a message naming the file and the reason, one that is
    /// missing, foreign (bad magic), from a newer format version, truncated (shorter than its
    /// header says), corrupted (checksum mismatch, inconsistent header or metadata).
    public static func load(path: String) throws -> Classifier {
        func refuse(_ reason: String, cause: (any Error & Sendable)? = nil) -> TriageError {
            TriageError(.invalidModel, "model \(path) \(reason)", cause: cause)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let cause = POSIXErrorCause.current()
            throw refuse(cause.errno == ENOENT ? "does not exist" : "cannot be opened", cause: cause)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw refuse("cannot be read", cause: POSIXErrorCause.current()) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw refuse("is not a file") }
        let size = Int(info.st_size)
        guard size >= magic.count else {
            throw refuse("is not a Triage model (\(size) bytes, too short for the magic number)")
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw refuse("cannot be mapped", cause: POSIXErrorCause.current())
        }
        var handedOver = false
        defer { if !handedOver { munmap(base, size) } }
        let raw = UnsafeRawBufferPointer(start: base, count: size)
        guard raw.prefix(magic.count).elementsEqual(magic) else { throw refuse("is not a Triage model (bad magic number)") }
        guard size >= 12 else { throw refuse("is truncated (\(size) bytes, shorter than its header)") }
        func read<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        let version = read(8, UInt32.self)
        guard version <= formatVersion else {
            throw refuse("was written by a newer Triage (format version \(version)); this build reads version \(formatVersion)")
        }
        guard version == formatVersion else { throw refuse("has an unknown format version \(version)") }
        guard size >= headerSize else { throw refuse("is truncated (\(size) bytes, shorter than its header)") }
        guard read(12, UInt32.self) == UInt32(headerSize) else { throw refuse("is corrupted (bad header size)") }
        let length = read(16, UInt64.self)
        guard length == UInt64(size) else {
            throw refuse(length > UInt64(size)
                ? "is truncated (\(size) of \(length) bytes)"
                : "is corrupted (\(size) bytes, the header says \(length))")
        }
        guard Checksum.crc32(UnsafeRawBufferPointer(rebasing: raw[headerSize...])) == read(24, UInt32.self) else {
            throw refuse("is corrupted (checksum mismatch)")
        }
        // The header is outside the checksum: every field is checked before it is used.
        let metadataLength = Int(read(28, UInt32.self))
        let classes = Int(read(48, UInt32.self))
        guard let parameterOffset = Int(exactly: read(32, UInt64.self)),
            let buckets = Int(exactly: read(40, UInt64.self)),
            (1...TrainingOptions.maximumBuckets).contains(buckets), classes >= 2,
            headerSize + metadataLength <= parameterOffset, parameterOffset % 64 == 0, parameterOffset <= size,
            let count = parameterCount(buckets: buckets, classes: classes),
            count <= (size - parameterOffset) / MemoryLayout<Float>.size,
            count * MemoryLayout<Float>.size == size - parameterOffset
        else {
            throw refuse("is corrupted (inconsistent header)")
        }
        let metadata: Metadata
        do {
            let json = Data(raw[headerSize..<headerSize + metadataLength])
            metadata = try JSONDecoder().decode(Metadata.self, from: json)
        } catch {
            throw refuse("is corrupted (unreadable metadata)", cause: DescribedCause(error))
        }
        guard metadata.labels.count == classes, metadata.options.buckets == buckets,
            Set(metadata.labels).count == classes
        else {
            throw refuse("is corrupted (metadata does not match the header)")
        }
        handedOver = true
        let parameters = UnsafePointer<Float>(base.advanced(by: parameterOffset).assumingMemoryBound(to: Float.self))
        return Classifier(
            mode: metadata.mode, labels: metadata.labels, options: metadata.options,
            parameters: parameters, storage: .mapped(base, size))
    }
}
