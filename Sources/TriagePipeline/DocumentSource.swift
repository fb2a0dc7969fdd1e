import TriageCore
import TriageExtract
import TriageStorage

/// Turns the listed input objects into documents, in input order (file order, then line order),
/// from the start or from a position where an interrupted job left off.
///
/// Reads stream in 1 MiB chunks and lines are cut at the size limit, so memory stays bounded
/// whatever the size of a file. A file or line that cannot be read becomes a document carrying
/// its error, so it gets an error record instead of being skipped. After each document, `position`
/// says where the next one starts, so a job can checkpoint at any document boundary.
struct DocumentSource {
    private let store: any ObjectStore
    private let objects: [ObjectInfo]
    private let format: DocumentFormat
    private let maxDocumentBytes: Int
    private var objectIndex: Int
    private var sequence: Int
    private var ready: [(document: Document, after: InputPosition)] = []
    private var readyHead = 0
    private var stream: (any ByteStream)?
    private var splitter: LineSplitter
    /// Bytes of the objects before `objectIndex`.
    private var bytesBefore: Int64

    /// Where the next document starts: just after the last document `next()` returned.
    private(set) var position: InputPosition

    /// Bytes read from a stream at a time.
    private let chunkBytes: Int

    /// A source over `objects` that starts at `start`, numbering documents from `sequence`, reading
    /// streams `chunkBytes` at a time.
    init(
        store: any ObjectStore, objects: [ObjectInfo], format: DocumentFormat, maxDocumentBytes: Int,
        start: InputPosition = .start, sequence: Int = 0, chunkBytes: Int = 1 << 20
    ) {
        self.chunkBytes = max(1, chunkBytes)
        self.store = store
        self.objects = objects
        self.format = format
        self.maxDocumentBytes = maxDocumentBytes
        self.objectIndex = start.object
        self.sequence = sequence
        self.position = start
        self.splitter = LineSplitter(maxLineBytes: maxDocumentBytes)
        self.bytesBefore = objects.prefix(max(0, min(start.object, objects.count))).reduce(0) { $0 + $1.size }
    }

    /// Bytes of input read up to `position`, for progress.
    var bytesRead: Int64 {
        guard position.object < objects.count else { return bytesBefore }
        return bytesBefore + min(position.offset, objects[position.object].size)
    }

    /// The total size of the input.
    var totalBytes: Int64 { objects.reduce(0) { $0 + $1.size } }

    /// The next document, or nil when the input is exhausted.
    mutating func next() async -> Document? {
        guard await fill() else { return nil }
        defer { readyHead += 1 }
        let (document, after) = ready[readyHead]
        advance(to: after)
        return document
    }

    /// Whether every document was returned (reading ahead, if need be, without consuming).
    mutating func isExhausted() async -> Bool {
        await !fill()
    }

    /// Reads until a document is ready (true) or the input is exhausted (false).
    private mutating func fill() async -> Bool {
        while true {
            if readyHead < ready.count { return true }
            ready.removeAll(keepingCapacity: true)
            readyHead = 0
            if let stream {
                await readLines(from: stream, of: objects[objectIndex])
                continue
            }
            guard objectIndex < objects.count else {
                advance(to: InputPosition(object: objects.count))
                return false
            }
            let object = objects[objectIndex]
            switch format {
            case .oneDocPerFile:
                let document = await Self.wholeFileDocument(object, from: store, limit: maxDocumentBytes, sequence: sequence)
                append(document, after: nextObject)
                objectIndex += 1
            case .oneDocPerLine:
                let start = objectIndex == position.object ? position : InputPosition(object: objectIndex)
                splitter = LineSplitter(maxLineBytes: maxDocumentBytes, offset: start.offset, line: start.line, afterCR: start.afterCR)
                if start.offset >= object.size, start.offset > 0 {
                    // Resumed at the very end of the object: nothing is left to read of it.
                    objectIndex += 1
                    continue
                }
                do {
                    stream = try await store.open(object, from: start.offset)
                } catch {
                    append(file: object.name, line: nil, .failure(Self.unreadable(object, error)), after: nextObject)
                    objectIndex += 1
                }
            }
        }
    }

    /// The position at the start of the object after the current one.
    private var nextObject: InputPosition { InputPosition(object: objectIndex + 1) }

    private mutating func advance(to after: InputPosition) {
        while position.object < after.object, position.object < objects.count {
            bytesBefore += objects[position.object].size
            position = InputPosition(object: position.object + 1)
        }
        position = after
    }

    /// Reads `object` as one document (ONE_DOC_PER_FILE): its bytes, or a size or read error record.
    static func wholeFileDocument(_ object: ObjectInfo, from store: any ObjectStore, limit: Int, sequence: Int) async -> Document {
        let content: Result<[UInt8], DocumentError>
        do {
            let (bytes, truncated) = try await store.read(object, limit: limit)
            content = truncated
                ? .failure(TextValidator.sizeExceeded(length: max(Int(clamping: object.size), bytes.count + 1), limit: limit))
                : .success(bytes)
        } catch {
            content = .failure(unreadable(object, error))
        }
        return Document(sequence: sequence, file: object.name, line: nil, content: content)
    }

    private mutating func readLines(from stream: any ByteStream, of object: ObjectInfo) async {
        let limit = maxDocumentBytes
        let index = objectIndex
        do {
            if let chunk = try await stream.read(maxBytes: chunkBytes) {
                var lines: [LineSplitter.Line] = []
                splitter.feed(chunk) { lines.append($0) }
                for line in lines {
                    appendLine(
                        line, file: object.name, limit: limit,
                        after: InputPosition(object: index, offset: line.end, line: line.number + 1, afterCR: line.endsAfterCR))
                }
                return
            }
            var lines: [LineSplitter.Line] = []
            splitter.finish { lines.append($0) }
            // A last line without a terminator ends the object.
            for line in lines { appendLine(line, file: object.name, limit: limit, after: nextObject) }
        } catch {
            // The rest of the file cannot be read: one error record at the line where reading stopped.
            append(file: object.name, line: splitter.nextLineNumber, .failure(Self.unreadable(object, error)), after: nextObject)
        }
        await stream.close()
        self.stream = nil
        objectIndex += 1
    }

    private mutating func appendLine(_ line: LineSplitter.Line, file: String, limit: Int, after: InputPosition) {
        if line.oversized {
            append(file: file, line: line.number, .failure(TextValidator.sizeExceeded(length: line.length, limit: limit)), after: after)
        } else {
            append(file: file, line: line.number, .success(line.bytes), after: after)
        }
    }

    private mutating func append(file: String, line: Int?, _ content: Result<[UInt8], DocumentError>, after: InputPosition) {
        append(Document(sequence: sequence, file: file, line: line, content: content), after: after)
    }

    private mutating func append(_ document: Document, after: InputPosition) {
        ready.append((document, after))
        sequence += 1
    }

    private static func unreadable(_ object: ObjectInfo, _ error: any Error) -> DocumentError {
        DocumentError(code: DocumentError.unreadableCode, message: "The file \(object.name) could not be read: \(DescribedCause(error)).")
    }
}
