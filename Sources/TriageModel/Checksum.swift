internal import CZlib

/// CRC-32 (zlib's) of model file bytes; the only user of CZlib.
enum Checksum {
    /// The CRC-32 of `bytes`, continuing from the CRC of the bytes before them (0 to start).
    static func crc32(_ bytes: UnsafeRawBufferPointer, continuing start: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return start }
        var crc = UInt(start)
        var offset = 0
        // zlib takes a 32-bit length: feed large buffers in pieces.
        while offset < bytes.count {
            let length = min(bytes.count - offset, 1 << 30)
            crc = CZlib.crc32(crc, base.advanced(by: offset).assumingMemoryBound(to: UInt8.self), UInt32(length))
            offset += length
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}
