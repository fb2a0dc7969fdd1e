import TriageCore

/// Reads plain-text documents: UTF-8 (with or without its byte order mark) and UTF-16 with one.
enum PlainText {
    /// UTF-16 text (after its byte order mark) transcoded to UTF-8, or INVALID_ENCODING.
    static func utf8(fromUTF16 bytes: [UInt8]) -> Result<[UInt8], DocumentError> {
        let littleEndian = bytes.starts(with: [0xFF, 0xFE])
        let body = bytes.dropFirst(2)
        guard body.count % 2 == 0 else {
            return .failure(DocumentError(
                code: DocumentError.invalidEncodingCode,
                message: "The document is not valid UTF-16 text (it has an odd number of bytes)."))
        }
        var units: [UInt16] = []
        units.reserveCapacity(body.count / 2)
        var index = body.startIndex
        while index < body.endIndex {
            let first = UInt16(body[index])
            let second = UInt16(body[index + 1])
            units.append(littleEndian ? first | second << 8 : first << 8 | second)
            index += 2
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(units.count)
        var offset = 0
        var decoder = UTF16()
        var iterator = units.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar):
                utf8.append(contentsOf: UTF8.encode(scalar)!)
                offset += UTF16.width(scalar)
            case .emptyInput:
                return .success(utf8)
            case .error:
                return .failure(DocumentError(
                    code: DocumentError.invalidEncodingCode,
                    message: "The document is not valid UTF-16 text (unpaired surrogate at code unit \(offset))."))
            }
        }
    }

    /// The number of Unicode scalars in valid UTF-8 `text`: its bytes that do not continue a scalar.
    static func characterCount(_ text: some Collection<UInt8>) -> Int {
        var count = 0
        for byte in text where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// True when `text` holds nothing but ASCII whitespace.
    static func isBlank(_ text: some Collection<UInt8>) -> Bool {
        text.allSatisfy { $0 == 0x20 || (0x09...0x0D).contains($0) }
    }
}
