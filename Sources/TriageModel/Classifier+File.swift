import Foundation
import TriageCore

#if canImport(Glibc)
import Glibc
#endif

#if _endian(big)
#error("The model file stores little-endian Float32 weights that are memory-mapped as they are; big-endian hosts are not supported.")
#endif

/// The model file format, version 3 (all integers little-endian):
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 8 | magic `TRIAGEMD` |
/// | 8 | 4 | format version |
/// | 12 | 4 | header size (64) |
/// | 16 | 8 | file length |
/// | 24 | 4 | CRC-32 (zlib) of the metadata |
/// | 28 | 4 | metadata length |
/// | 32 | 8 | body offset (a multiple of 64) |
/// | 40 | 8 | buckets |
/// | 48 | 4 | labels |
/// | 52 | 4 | CRC-32 (zlib) of the body |
/// | 56 | 8 | body length |
/// | 64 | metadata length | JSON, sorted keys: mode, label table, options (hyper-parameters, seed), score scale |
/// | … | to body offset | zero padding |
/// | body offset | body length | the numbers, as `ModelBody` lays them out (biases; per bucket its idf and scale; per bucket its Int8 weights) |
///
/// Loading is a memory map plus a check of the header and of the metadata (its checksum
/// included), so it takes the same time whatever the model's size; the body's checksum, which
/// means reading the whole file, is checked on request (`load(path:verify: true)`,
/// `triage describe-model --verify`).
extension Classifier {
    /// The first 8 bytes of every model file.
    public static let magic: [UInt8] = Array("TRIAGEMD".utf8)
    /// The format version this build writes and reads.
    public static let formatVersion: UInt32 = 3
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
        /// `Classifier.scoreScale`.
        var scoreScale: Float
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
            metadata = Array(try encoder.encode(Metadata(mode: mode, labels: labels, options: options, scoreScale: scoreScale)))
        } catch {
            throw failure("encode the metadata of", cause: DescribedCause(error))
        }
        let bodyOffset = ModelBody.aligned(Self.headerSize + metadata.count)
        let bodyBytes = UnsafeRawBufferPointer(start: body, count: layout.byteCount)
        let length = bodyOffset + bodyBytes.count

        // Everything before the body; the body is written straight from memory.
        var head = [UInt8](repeating: 0, count: bodyOffset)
        head.replaceSubrange(0..<8, with: Self.magic)
        head.replaceSubrange(Self.headerSize..<Self.headerSize + metadata.count, with: metadata)
        let metadataCRC = metadata.withUnsafeBytes { Checksum.crc32($0) }
        let bodyCRC = Checksum.crc32(bodyBytes)
        head.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: Self.formatVersion.littleEndian, toByteOffset: 8, as: UInt32.self)
            raw.storeBytes(of: UInt32(Self.headerSize).littleEndian, toByteOffset: 12, as: UInt32.self)
            raw.storeBytes(of: UInt64(length).littleEndian, toByteOffset: 16, as: UInt64.self)
            raw.storeBytes(of: metadataCRC.littleEndian, toByteOffset: 24, as: UInt32.self)
            raw.storeBytes(of: UInt32(metadata.count).littleEndian, toByteOffset: 28, as: UInt32.self)
            raw.storeBytes(of: UInt64(bodyOffset).littleEndian, toByteOffset: 32, as: UInt64.self)
            raw.storeBytes(of: UInt64(layout.buckets).littleEndian, toByteOffset: 40, as: UInt64.self)
            raw.storeBytes(of: UInt32(layout.classes).littleEndian, toByteOffset: 48, as: UInt32.self)
            raw.storeBytes(of: bodyCRC.littleEndian, toByteOffset: 52, as: UInt32.self)
            raw.storeBytes(of: UInt64(bodyBytes.count).littleEndian, toByteOffset: 56, as: UInt64.self)
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
            error = Self.writeAll(fd, bodyBytes).map { failure("write", cause: $0) }
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

    /// Memory-maps and checks the model file at `path`: its header and metadata, and with `verify`
    /// the checksum of its idf and weights too (which reads the whole file).
    ///
    /// Refuses with `.invalidModel`, in a message naming the file and the reason, one that is
    /// missing, foreign (bad magic), from a newer format version, truncated (shorter than its
    /// header says), corrupted (checksum mismatch, inconsistent header or metadata).
    public static func load(path: String, verify: Bool = false) throws -> Classifier {
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
        guard version == formatVersion else {
            throw refuse("has format version \(version), which this build no longer reads (it reads version \(formatVersion)); train it again")
        }
        guard size >= headerSize else { throw refuse("is truncated (\(size) bytes, shorter than its header)") }
        guard read(12, UInt32.self) == UInt32(headerSize) else { throw refuse("is corrupted (bad header size)") }
        let length = read(16, UInt64.self)
        guard length == UInt64(size) else {
            throw refuse(length > UInt64(size)
                ? "is truncated (\(size) of \(length) bytes)"
                : "is corrupted (\(size) bytes, the header says \(length))")
        }
        // Every header field is checked before it is used.
        let metadataLength = Int(read(28, UInt32.self))
        let classes = Int(read(48, UInt32.self))
        guard let bodyOffset = Int(exactly: read(32, UInt64.self)),
            let bodyLength = Int(exactly: read(56, UInt64.self)),
            let buckets = Int(exactly: read(40, UInt64.self)),
            (1...TrainingOptions.maximumBuckets).contains(buckets), classes >= 2,
            bodyOffset == ModelBody.aligned(headerSize + metadataLength),
            let layout = ModelBody(buckets: buckets, classes: classes),
            layout.byteCount == bodyLength, bodyLength <= size, bodyOffset == size - bodyLength
        else {
            throw refuse("is corrupted (inconsistent header)")
        }
        let metadataBytes = UnsafeRawBufferPointer(rebasing: raw[headerSize..<headerSize + metadataLength])
        guard Checksum.crc32(metadataBytes) == read(24, UInt32.self) else {
            throw refuse("is corrupted (metadata checksum mismatch)")
        }
        if verify {
            guard Checksum.crc32(UnsafeRawBufferPointer(rebasing: raw[bodyOffset...])) == read(52, UInt32.self) else {
                throw refuse("is corrupted (checksum mismatch in its weights)")
            }
        }
        let metadata: Metadata
        do {
            metadata = try JSONDecoder().decode(Metadata.self, from: Data(metadataBytes))
        } catch {
            throw refuse("is corrupted (unreadable metadata)", cause: DescribedCause(error))
        }
        guard metadata.labels.count == classes, metadata.options.buckets == buckets,
            Set(metadata.labels).count == classes, metadata.scoreScale.isFinite, metadata.scoreScale > 0
        else {
            throw refuse("is corrupted (metadata does not match the header)")
        }
        handedOver = true
        return Classifier(
            mode: metadata.mode, labels: metadata.labels, options: metadata.options, scoreScale: metadata.scoreScale,
            layout: layout, body: UnsafeRawPointer(base + bodyOffset), storage: .mapped(base, size),
            fingerprint: "\(size)-\(hex(read(24, UInt32.self)))-\(hex(read(52, UInt32.self)))")
    }

    /// Eight lowercase hex digits.
    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
