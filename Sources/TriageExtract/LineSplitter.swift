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
    }

    /// The most bytes of one line kept in memory.
    public let maxLineBytes: Int
    private var current: [UInt8] = []
    private var currentLength = 0
    private var number = 0
    private var afterCR = false
    private var hasPartialLine = false

    /// The number the next line will get: the count of lines emitted so far.
    public var nextLineNumber: Int { number }

    /// Makes a splitter that keeps at most `maxLineBytes` bytes of a line.
    public init(maxLineBytes: Int) {
        self.maxLineBytes = max(0, maxLineBytes)
    }

    /// Feeds the next chunk; `emit` is called for every line completed in it.
    public mutating func feed(_ chunk: some Collection<UInt8>, emit: (Line) throws -> Void) rethrows {
        for byte in chunk {
            if afterCR {
                afterCR = false
                if byte == 0x0A { continue }  // the LF of a CRLF
            }
            switch byte {
            case 0x0A:
                try emitCurrent(emit)
            case 0x0D:
                try emitCurrent(emit)
                afterCR = true
            default:
                hasPartialLine = true
                currentLength += 1
                if current.count < maxLineBytes { current.append(byte) }
            }
        }
    }

    /// Ends the stream: emits a last line that had no terminator.
    public mutating func finish(emit: (Line) throws -> Void) rethrows {
        if hasPartialLine { try emitCurrent(emit) }
    }

    private mutating func emitCurrent(_ emit: (Line) throws -> Void) rethrows {
        let line = Line(number: number, bytes: current, oversized: currentLength > maxLineBytes, length: currentLength)
        number += 1
        current.removeAll(keepingCapacity: true)
        currentLength = 0
        hasPartialLine = false
        try emit(line)
    }
}
