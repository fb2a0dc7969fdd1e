import TriageCore
import TriageExtract
import TriageStorage

/// Turns the listed input objects into documents, in input order (file order, then line order).
///
/// Reads stream in 1 MiB chunks and lines are cut at the size limit, so memory stays bounded
/// whatever the size of a file. A file or line that cannot be read becomes a document carrying
/// its error, so it gets an error record instead of being skipped.
struct DocumentSource {
    private let store: any ObjectStore
    private let objects: [ObjectInfo]
    private let format: DocumentFormat
    private let maxDocumentBytes: Int
    private var objectIndex = 0
    private var sequence = 0
    private var ready: [Document] = []
    private var readyHead = 0
    private var stream: (any ByteStream)?
    private var streamObject: ObjectInfo?
    private var splitter: LineSplitter

    private static let chunkBytes = 1 << 20

    init(store: any ObjectStore, objects: [ObjectInfo], format: DocumentFormat, maxDocumentBytes: Int) {
        self.store = store
        self.objects = objects
        self.format = format
        self.maxDocumentBytes = maxDocumentBytes
        self.splitter = LineSplitter(maxLineBytes: maxDocumentBytes)
    }

    /// The next document, or nil when the input is exhausted.
    mutating func next() async -> Document? {
        while true {
            if readyHead < ready.count {
                defer { readyHead += 1 }
                return ready[readyHead]
            }
            ready.removeAll(keepingCapacity: true)
            readyHead = 0
            if let stream, let object = streamObject {
                await readLines(from: stream, of: object)
                continue
            }
            guard objectIndex < objects.count else { return nil }
            let object = objects[objectIndex]
            objectIndex += 1
            switch format {
            case .oneDocPerFile:
                return await readWholeFile(object)
            case .oneDocPerLine:
                do {
                    stream = try await store.open(object)
                    streamObject = object
                    splitter = LineSplitter(maxLineBytes: maxDocumentBytes)
                } catch {
                    append(file: object.name, line: nil, .failure(Self.unreadable(object, error)))
                }
            }
        }
    }

    private mutating func readWholeFile(_ object: ObjectInfo) async -> Document {
        defer { sequence += 1 }
        return await Self.wholeFileDocument(object, from: store, limit: maxDocumentBytes, sequence: sequence)
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
        do {
            if let chunk = try await stream.read(maxBytes: Self.chunkBytes) {
                var lines: [LineSplitter.Line] = []
                splitter.feed(chunk) { lines.append($0) }
                for line in lines { appendLine(line, file: object.name, limit: limit) }
                return
            }
            var lines: [LineSplitter.Line] = []
            splitter.finish { lines.append($0) }
            for line in lines { appendLine(line, file: object.name, limit: limit) }
        } catch {
            // The rest of the file cannot be read: one error record at the line where reading stopped.
            append(file: object.name, line: splitter.nextLineNumber, .failure(Self.unreadable(object, error)))
        }
        await stream.close()
        self.stream = nil
        self.streamObject = nil
    }

    private mutating func appendLine(_ line: LineSplitter.Line, file: String, limit: Int) {
        if line.oversized {
            append(file: file, line: line.number, .failure(TextValidator.sizeExceeded(length: line.length, limit: limit)))
        } else {
            append(file: file, line: line.number, .success(line.bytes))
        }
    }

    private mutating func append(file: String, line: Int?, _ content: Result<[UInt8], DocumentError>) {
        ready.append(Document(sequence: sequence, file: file, line: line, content: content))
        sequence += 1
    }

    private static func unreadable(_ object: ObjectInfo, _ error: any Error) -> DocumentError {
        DocumentError(code: DocumentError.unreadableCode, message: "The file \(object.name) could not be read: \(DescribedCause(error)).")
    }
}
