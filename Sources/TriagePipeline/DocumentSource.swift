import Foundation
import TriageCore
import TriageExtract
import TriageStorage

/// Turns the listed input objects into documents, in input order (file order, then line order;
/// an archive's members in their order inside it, where the archive is), from the start or from a
/// position where an interrupted job left off.
///
/// Reads stream in 1 MiB chunks and lines are cut at the size limit, so memory stays bounded
/// whatever the size of a file. A file or line that cannot be read becomes a document carrying
/// its error, so it gets an error record instead of being skipped. After each document, `position`
/// says where the next one starts, so a job can checkpoint at any document boundary.
///
/// ONE_DOC_PER_FILE: a file's type is found from its first bytes. A zip, tar or tar.gz archive is
/// read member by member on the classification pool (decompression blocks), each member a
/// document named `ARCHIVE/MEMBER`, with the archive limits applied while reading; a local
/// archive is read in place, one from another store is first copied to `spoolFolder`. Sequence
/// numbers count documents as they come, so they are a pure function of the input; a position
/// inside an archive counts its members already read, and resuming there reads the archive again
/// past them.
struct DocumentSource {
    private let store: any ObjectStore
    private let objects: [ObjectInfo]
    private let format: DocumentFormat
    private let maxDocumentBytes: Int
    private let reading: ReadingOptions
    private let pool: ClassificationPool
    private let spoolFolder: String
    private var objectIndex: Int
    private var sequence: Int
    private var ready: [(document: Document, after: InputPosition)] = []
    private var readyHead = 0
    private var stream: (any ByteStream)?
    private var splitter: LineSplitter
    private var archive: OpenArchive?
    /// Bytes of the objects before `objectIndex`.
    private var bytesBefore: Int64

    /// Where the next document starts: just after the last document `next()` returned.
    private(set) var position: InputPosition

    /// Bytes read from a stream at a time.
    private let chunkBytes: Int

    /// An archive being read member by member.
    private struct OpenArchive {
        var members: ArchiveMembers
        var object: ObjectInfo
        /// The local copy of an archive from a remote store, removed when done.
        var spooled: String?
        /// Items (members, or the archive's failure) taken so far, skipped ones included.
        var taken = 0
        /// Items an interrupted run already read, to take again without making documents of them.
        var skip: Int
    }

    /// A source over `objects` that starts at `start`, numbering documents from `sequence`, reading
    /// streams `chunkBytes` at a time. `reading` defaults to the default limits with
    /// `maxDocumentBytes` for text, `pool` to one queue and `spoolFolder` to the system's
    /// temporary folder.
    init(
        store: any ObjectStore, objects: [ObjectInfo], format: DocumentFormat, maxDocumentBytes: Int,
        start: InputPosition = .start, sequence: Int = 0, chunkBytes: Int = 1 << 20,
        reading: ReadingOptions? = nil, pool: ClassificationPool? = nil, spoolFolder: String? = nil
    ) {
        self.chunkBytes = max(1, chunkBytes)
        self.store = store
        self.objects = objects
        self.format = format
        self.maxDocumentBytes = maxDocumentBytes
        self.reading = reading ?? ReadingOptions(maxTextBytes: maxDocumentBytes)
        self.pool = pool ?? ClassificationPool(width: 1)
        self.spoolFolder = spoolFolder ?? FileManager.default.temporaryDirectory.path
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
            if let archive {
                await readMember(of: archive)
                continue
            }
            guard objectIndex < objects.count else {
                advance(to: InputPosition(object: objects.count))
                return false
            }
            let object = objects[objectIndex]
            switch format {
            case .oneDocPerFile:
                await readFile(object, skippingMembers: objectIndex == position.object ? position.member : 0)
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

    // MARK: ONE_DOC_PER_FILE

    /// The size limit of a file of `kind`: plain text keeps `--max-document-bytes`, other types
    /// `--max-file-bytes`.
    private func limit(for kind: FileKind) -> Int {
        switch kind {
        case .text, .utf16Text: return maxDocumentBytes
        default: return reading.limits.maxFileBytes
        }
    }

    /// Reads the current object (ONE_DOC_PER_FILE): a document, or an archive opened for its
    /// members (the first `skip` of which an interrupted run already read).
    private mutating func readFile(_ object: ObjectInfo, skippingMembers skip: Int) async {
        // The common case, a file no larger than a text document may be, is read in one call.
        if object.size <= Int64(maxDocumentBytes) {
            do {
                let (bytes, truncated) = try await store.read(object, limit: reading.maxReadBytes)
                let kind = FileKind.detect(Array(bytes.prefix(FileKind.headBytes)))
                if case .archive = kind, !truncated {
                    await openArchive(object, kind: kind, skip: skip) { reading in
                        try ArchiveMembers(bytes: bytes, name: object.name, options: reading)
                    }
                    return
                }
                if !truncated, bytes.count <= limit(for: kind) {
                    appendFile(object, .success(bytes))
                    return
                }
                // It grew since it was listed: read it as a large file.
            } catch {
                appendFile(object, .failure(Self.unreadable(object, error)))
                return
            }
        }
        await readLargeFile(object, skippingMembers: skip)
    }

    /// Reads a file larger than a text document may be: its first chunk says what it is; only a
    /// type whose limit allows it is read further.
    private mutating func readLargeFile(_ object: ObjectInfo, skippingMembers skip: Int) async {
        let stream: any ByteStream
        do {
            stream = try await store.open(object, from: 0)
        } catch {
            appendFile(object, .failure(Self.unreadable(object, error)))
            return
        }
        do {
            var bytes = try await stream.read(maxBytes: chunkBytes) ?? []
            let kind = FileKind.detect(Array(bytes.prefix(FileKind.headBytes)))
            if case .archive = kind {
                await openLargeArchive(object, kind: kind, stream: stream, head: bytes, skip: skip)
                return
            }
            if case .unsupported = kind {
                await stream.close()
                appendFile(object, .success(bytes))  // reading it says what it is
                return
            }
            let limit = limit(for: kind)
            while bytes.count <= limit, let chunk = try await stream.read(maxBytes: min(chunkBytes, limit + 1 - bytes.count)) {
                bytes += chunk
            }
            await stream.close()
            if bytes.count > limit {
                let length = max(Int(clamping: object.size), bytes.count)
                appendFile(object, .failure(TextValidator.sizeExceeded(length: length, limit: limit)))
            } else {
                appendFile(object, .success(bytes))
            }
        } catch {
            await stream.close()
            appendFile(object, .failure(Self.unreadable(object, error)))
        }
    }

    /// Opens a large archive: in place when the store is local, else from a copy in `spoolFolder`.
    private mutating func openLargeArchive(_ object: ObjectInfo, kind: FileKind, stream: any ByteStream, head: [UInt8], skip: Int) async {
        var path = object.key.hasPrefix("file://") ? String(object.key.dropFirst("file://".count)) : object.key
        var spooled: String?
        if !(store is LocalStore) {
            path = LocalFiles.join(spoolFolder, "archive-\(objectIndex).spool")
            spooled = path
            do {
                try await spool(stream, head: head, to: path)
            } catch {
                await stream.close()
                try? FileManager.default.removeItem(atPath: path)
                appendFile(object, .failure(Self.unreadable(object, error)))
                return
            }
        }
        await stream.close()
        let local = path
        await openArchive(object, kind: kind, skip: skip, spooled: spooled) { reading in
            try ArchiveMembers(path: local, name: object.name, options: reading)
        }
    }

    /// Opens an archive with `open` (on the pool: libarchive reads as it opens), or gives the
    /// archive an error record.
    private mutating func openArchive(
        _ object: ObjectInfo, kind: FileKind, skip: Int, spooled: String? = nil,
        _ open: @escaping @Sendable (ReadingOptions) throws -> ArchiveMembers
    ) async {
        let reading = self.reading
        let opened = await pool.run { () -> Result<ArchiveMembers, DocumentError> in
            Result { try open(reading) }.mapError { Self.damagedArchive(kind, $0) }
        }
        switch opened {
        case let .success(members):
            archive = OpenArchive(members: members, object: object, spooled: spooled, skip: skip)
        case let .failure(error):
            if let spooled { try? FileManager.default.removeItem(atPath: spooled) }
            appendFile(object, .failure(error))
        }
    }

    /// Copies the rest of `stream` after `head` into a new file at `path`, writing on the pool.
    private func spool(_ stream: any ByteStream, head: [UInt8], to path: String) async throws {
        try LocalFiles.makeFolders(spoolFolder)
        let file = try await pool.run { Result { try SpoolFile(path: path) } }.get()
        defer { file.close() }
        var chunk = head
        while true {
            let piece = chunk
            try await pool.run { Result { try file.write(piece) } }.get()
            guard let next = try await stream.read(maxBytes: chunkBytes) else { break }
            chunk = next
        }
    }

    /// Takes the next member of the archive being read (on the pool: decompression blocks).
    private mutating func readMember(of open: OpenArchive) async {
        var open = open
        let members = open.members
        let item = await pool.run { members.next() }
        open.taken += 1
        let skipped = open.skip > 0
        if skipped { open.skip -= 1 }
        var finished = false
        switch item {
        case let .member(path, content):
            if !skipped {
                append(
                    file: open.object.name + "/" + path, line: nil, content,
                    after: InputPosition(object: objectIndex, member: open.taken))
            }
        case let .failure(error):
            // The archive's last item: reading goes on with the next object.
            if !skipped { append(file: open.object.name, line: nil, .failure(error), after: nextObject) }
            finished = true
        case nil:
            finished = true
        }
        guard finished else {
            archive = open
            return
        }
        members.close()
        if let spooled = open.spooled { try? FileManager.default.removeItem(atPath: spooled) }
        archive = nil
        objectIndex += 1
    }

    /// Adds the document of a whole file and moves on to the next object.
    private mutating func appendFile(_ object: ObjectInfo, _ content: Result<[UInt8], DocumentError>) {
        append(file: object.name, line: nil, content, after: nextObject)
        objectIndex += 1
    }

    private static func damagedArchive(_ kind: FileKind, _ error: any Error) -> DocumentError {
        let format: String
        if case let .archive(archiveFormat) = kind { format = archiveFormat.rawValue } else { format = "archive" }
        return DocumentError(
            code: DocumentError.invalidDocumentCode,
            message: "The \(format) archive is damaged and cannot be read: \(DocumentReader.reason(error)).")
    }

    // MARK: ONE_DOC_PER_LINE

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
