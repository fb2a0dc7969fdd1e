/// Splits a byte stream into lines ending in LF, CR or CRLF, fed in chunks of any size.
///
/// Memory stays bounded: a line longer than `maxLineBytes` keeps only its first `maxLineBytes`
/// bytes and is reported as oversized, so the caller can give it an error record.
public struct LineSplitter: Sendable {
    /// One line: its zero-based number, its bytes (without the terminator), and whether it was cut.
    public struct Line: Sendable, Hashable {
        /// Zero-based line number within the file.
        public var number: Int
        /// The line's bytes without the line terminator (at most `maxLineBytes`).
        public var bytes: [UInt8]
        /// True when the line was longer than `maxLineBytes` and was cut.
        public var oversized: Bool
        /// The line's full length in bytes, even when cut.
        public var length: Int
        /// Offset in the stream just after the line's terminator: where the next line starts.
        public var end: Int64
        /// The terminator was a CR that ended a chunk: an LF starting the next chunk belongs to it.
        public var endsAfterCR: Bool
    }

    /// The most bytes of one line kept in memory.
    public let maxLineBytes: Int
    private var current: [UInt8] = []
    private var currentLength = 0
    private var number = 0
    private var afterCR = false
    private var hasPartialLine = false
    /// Stream offset of the first byte of the chunk being fed.
    private var consumed: Int64

    /// The number the next line will get: the count of lines emitted so far.
    public var nextLineNumber: Int { number }

    /// Makes a splitter that keeps at most `maxLineBytes` bytes of a line, for a stream that starts
    /// at `offset` with line number `line` (a stream resumed where an earlier line ended, right
    /// after a CR when `afterCR`).
    public init(maxLineBytes: Int, offset: Int64 = 0, line: Int = 0, afterCR: Bool = false) {
        self.maxLineBytes = max(0, maxLineBytes)
        self.consumed = offset
        self.number = line
        self.afterCR = afterCR
    }

    /// Feeds the next chunk; `emit` is called for every line completed in it.
    ///
    /// Scans for terminators and copies each line's bytes in bulk (concrete over contiguous
    /// bytes, so it is specialised where it is compiled rather than run through generic witnesses).
    public mutating func feed(_ chunk: [UInt8], emit: (Line) -> Void) {
        chunk.withUnsafeBufferPointer { feed($0, emit: emit) }
    }

    /// Feeds the next chunk from a buffer; `emit` is called for every line completed in it.
    public mutating func feed(_ buffer: UnsafeBufferPointer<UInt8>, emit: (Line) -> Void) {
        let count = buffer.count
        defer { consumed += Int64(count) }
        var index = 0
        if afterCR, count > 0 {
            afterCR = false
            if buffer[0] == 0x0A { index = 1 }  // the LF of a CRLF split across chunks
        }
        var start = index
        while index < count {
            let byte = buffer[index]
            guard byte == 0x0A || byte == 0x0D else {
                index += 1
                continue
            }
            appendPart(UnsafeBufferPointer(rebasing: buffer[start..<index]))
            index += 1
            if byte == 0x0D {
                if index < count {
                    if buffer[index] == 0x0A { index += 1 }
                } else {
                    afterCR = true
                }
            }
            emitCurrent(end: consumed + Int64(index), endsAfterCR: afterCR, emit)
            start = index
        }
        appendPart(UnsafeBufferPointer(rebasing: buffer[start..<count]))
    }

    /// Ends the stream: emits a last line that had no terminator.
    public mutating func finish(emit: (Line) -> Void) {
        if hasPartialLine { emitCurrent(end: consumed, endsAfterCR: false, emit) }
    }

    /// Adds part of the current line, keeping at most `maxLineBytes` of it.
    private mutating func appendPart(_ part: UnsafeBufferPointer<UInt8>) {
        guard !part.isEmpty else { return }
        hasPartialLine = true
        currentLength += part.count
        let room = maxLineBytes - current.count
        if room > 0 { current.append(contentsOf: part.prefix(room)) }
    }

    private mutating func emitCurrent(end: Int64, endsAfterCR: Bool, _ emit: (Line) -> Void) {
        let line = Line(
            number: number, bytes: current, oversized: currentLength > maxLineBytes, length: currentLength, end: end,
            endsAfterCR: endsAfterCR)
        number += 1
        current = []
        currentLength = 0
        hasPartialLine = false
        emit(line)
    }
}
