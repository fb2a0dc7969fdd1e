import TriageCore

/// Checks that a plain-text document can be classified: valid UTF-8, not empty, within the limit.
public enum TextValidator {
    /// The UTF-8 byte order mark.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The document's text bytes (BOM removed), or the error record it should get.
    public static func validate(_ bytes: [UInt8]) -> Result<ArraySlice<UInt8>, DocumentError> {
        var text = bytes[...]
        if text.starts(with: byteOrderMark) { text = text.dropFirst(byteOrderMark.count) }
        guard !text.allSatisfy(isWhitespace) else {
            return .failure(DocumentError(code: DocumentError.emptyCode, message: "The document is empty."))
        }
        if let offset = firstInvalidUTF8Offset(text) {
            return .failure(DocumentError(
                code: DocumentError.invalidEncodingCode,
                message: "The document is not valid UTF-8 text (first invalid byte at offset \(offset))."))
        }
        return .success(text)
    }

    /// The error record for a document over the size limit.
    public static func sizeExceeded(length: Int, limit: Int) -> DocumentError {
        DocumentError(
            code: DocumentError.sizeExceededCode,
            message: "The document has \(length) bytes, more than the limit of \(limit) bytes.")
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// How many bytes at the start of `buffer` are ASCII, checked eight at a time.
    static func asciiPrefixLength(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        let raw = UnsafeRawBufferPointer(buffer)
        var index = 0
        while index + 8 <= raw.count,
            raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
        {
            index += 8
        }
        while index < buffer.count, buffer[index] < 0x80 { index += 1 }
        return index
    }

    /// The offset of the first byte that breaks UTF-8, or nil when all of `bytes` is valid.
    static func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int? {
        // ASCII is valid: decoding starts at the first byte that is not.
        let ascii = bytes.withUnsafeBufferPointer { asciiPrefixLength($0) }
        if ascii == bytes.count { return nil }
        var decoder = UTF8()
        var iterator = bytes[(bytes.startIndex + ascii)...].makeIterator()
        var offset = ascii
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }
}
