import Foundation
import TriageCore

#if canImport(Glibc)
import Glibc
#endif

/// The model file format, version 1 (all integers little-endian):
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 8 | magic `TRIAGEMD` |
/// | 8 | 4 | format version |
/// | 12 | 4 | header size (64) |
/// | 16 | 8 | file length |
/// | 24 | 4 | CRC-32 of bytes 64..<file length |
/// | 28 | 4 | metadata length |
/// | 32 | 8 | parameters offset (a multiple of 64) |
/// | 40 | 8 | buckets |
/// | 48 | 4 | labels |
/// | 52 | 12 | zero |
/// | 64 | metadata length | JSON: mode, label table, hyper-parameters |
/// | parameters offset | 4 × (buckets + 1) × labels | Float32 weights `[bucket][label]`, then the biases |
///
/// The parameters are 64-byte aligned, so a loaded model is a memory map plus a header check.
extension Classifier {
    /// The first 8 bytes of every model file.
    public static let magic: [UInt8] = Array("TRIAGEMD".utf8)
    /// The format version this build writes and reads.
    public static let formatVersion: UInt32 = 1
    static let headerSize = 64

    struct Metadata: Codable {
        var mode: ClassifierMode
        var labels: [String]
        var options: TrainingOptions
    }

    /// Writes the model to `path` atomically (a temporary file, fsync, rename).
    public func write(to path: String) throws {
        let metadata: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            metadata = try encoder.encode(Metadata(mode: mode, labels: labels, options: options))
        } catch {
            throw TriageError(.notWritable, "cannot encode model metadata for \(path)", cause: DescribedCause(error))
        }
        let classes = labels.count
        let parameterOffset = (Self.headerSize + metadata.count + 63) / 64 * 64
        let parameterBytes = Self.parameterCount(buckets: options.buckets, classes: classes) * MemoryLayout<Float>.size
        let length = parameterOffset + parameterBytes
        var bytes = [UInt8](repeating: 0, count: length)
        bytes.withUnsafeMutableBytes { raw in
            Self.magic.withUnsafeBytes { raw.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: 8) }
            raw.storeBytes(of: Self.formatVersion.littleEndian, toByteOffset: 8, as: UInt32.self)
            raw.storeBytes(of: UInt32(Self.headerSize).littleEndian, toByteOffset: 12, as: UInt32.self)
            raw.storeBytes(of: UInt64(length).littleEndian, toByteOffset: 16, as: UInt64.self)
            raw.storeBytes(of: UInt32(metadata.count).littleEndian, toByteOffset: 28, as: UInt32.self)
            raw.storeBytes(of: UInt64(parameterOffset).littleEndian, toByteOffset: 32, as: UInt64.self)
            raw.storeBytes(of: UInt64(options.buckets).littleEndian, toByteOffset: 40, as: UInt64.self)
            raw.storeBytes(of: UInt32(classes).littleEndian, toByteOffset: 48, as: UInt32.self)
            metadata.withUnsafeBytes { raw.baseAddress!.advanced(by: Self.headerSize).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            // Float32 on a little-endian machine is already the file's byte order.
            raw.baseAddress!.advanced(by: parameterOffset).copyMemory(from: parameters, byteCount: parameterBytes)
            let crc = Checksum.crc32(UnsafeRawBufferPointer(rebasing: raw[Self.headerSize...]))
            raw.storeBytes(of: crc.littleEndian, toByteOffset: 24, as: UInt32.self)
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw TriageError(.notWritable, "cannot write model \(path)", cause: POSIXErrorCause.current())
        }
        var failure: TriageError?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = TriageError(.notWritable, "cannot write model \(path)", cause: POSIXErrorCause.current())
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 {
            failure = TriageError(.notWritable, "cannot sync model \(path)", cause: POSIXErrorCause.current())
        }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 {
            failure = TriageError(.notWritable, "cannot write model \(path)", cause: POSIXErrorCause.current())
        }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    /// Memory-maps and checks the model file at `path`.
    ///
    /// Refuses, with a message naming the file, one that is missing, foreign (bad magic), from a
    /// newer format version, truncated (length mismatch) or corrupted (checksum mismatch).
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
        guard size >= 8 else { throw refuse("is not a Triage model (too short)") }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw refuse("cannot be mapped", cause: POSIXErrorCause.current())
        }
        var handedOver = false
        defer { if !handedOver { munmap(base, size) } }
        let raw = UnsafeRawBufferPointer(start: base, count: size)
        guard Array(raw[0..<8]) == magic else { throw refuse("is not a Triage model (bad magic number)") }
        guard size >= headerSize else { throw refuse("is truncated (\(size) bytes, shorter than its header)") }
        func read<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        let version = read(8, UInt32.self)
        guard version <= formatVersion else {
            throw refuse("was written by a newer Triage (format version \(version)); this build reads version \(formatVersion)")
        }
        guard version == formatVersion, read(12, UInt32.self) == UInt32(headerSize) else {
            throw refuse("has an unsupported format version \(version)")
        }
        let length = read(16, UInt64.self)
        guard length == UInt64(size) else {
            throw refuse(length > UInt64(size)
                ? "is truncated (\(size) of \(length) bytes)"
                : "is corrupted (\(size) bytes, the header says \(length))")
        }
        guard Checksum.crc32(UnsafeRawBufferPointer(rebasing: raw[headerSize...])) == read(24, UInt32.self) else {
            throw refuse("is corrupted (checksum mismatch)")
        }
        let metadataLength = Int(read(28, UInt32.self))
        let parameterOffset = Int(read(32, UInt64.self))
        let buckets = Int(read(40, UInt64.self))
        let classes = Int(read(48, UInt32.self))
        guard headerSize + metadataLength <= parameterOffset, parameterOffset % 64 == 0,
            buckets > 0, classes >= 2,
            parameterOffset + parameterCount(buckets: buckets, classes: classes) * 4 == size
        else {
            throw refuse("is corrupted (inconsistent header)")
        }
        let metadata: Metadata
        do {
            metadata = try JSONDecoder().decode(Metadata.self, from: Data(raw[headerSize..<headerSize + metadataLength]))
        } catch {
            throw refuse("is corrupted (unreadable metadata)", cause: DescribedCause(error))
        }
        guard metadata.labels.count == classes, metadata.options.buckets == buckets else {
            throw refuse("is corrupted (metadata does not match the header)")
        }
        handedOver = true
        let parameters = UnsafePointer<Float>(base.advanced(by: parameterOffset).assumingMemoryBound(to: Float.self))
        return Classifier(
            mode: metadata.mode, labels: metadata.labels, options: metadata.options,
            parameters: parameters, storage: .mapped(base, size))
    }
}
