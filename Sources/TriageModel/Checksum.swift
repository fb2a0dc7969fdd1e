internal import CZlib

/// CRC-32 (zlib's) of model file bytes.
enum Checksum {
    /// The CRC-32 of `bytes`.
    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        var crc: UInt = CZlib.crc32(0, nil, 0)
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
