import Foundation
import TriageCore
import TriageStorage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The append-only journal of job status transitions and checkpoints: one JSON line per event.
///
/// Each write takes an exclusive `flock` on the file (so several processes can share one
/// journal), repairs a torn last line left by a crash (it is cut off, since the transition it
/// described was never acted on), writes the lines and fsyncs before returning: the caller acts on
/// a transition only after it is durable. `transact` reads the journal and appends under the same
/// lock, so a check and the transition it allows are atomic across processes. Reading skips a
/// torn last line.
public struct Journal: Sendable {
    /// The journal file.
    public let path: String

    /// A journal at `path`; the file and its folder are created on the first append.
    public init(path: String) {
        self.path = path
    }

    /// Durably appends `event`.
    public func append(_ event: JobEvent) throws {
        try append([event])
    }

    /// Durably appends `events`, in order, under one lock.
    public func append(_ events: [JobEvent]) throws {
        _ = try withLockedFile { fd in
            try write(events, to: fd)
        }
    }

    /// Replays the journal and appends the events `decide` returns for the jobs it saw, all under
    /// one exclusive lock; returns `decide`'s result and the journal's size after the append.
    public func transact<T>(_ decide: ([JobState]) throws -> (events: [JobEvent], result: T)) throws -> (result: T, size: Int64) {
        try withLockedFile { fd in
            let events = try Self.parse(try readAll(fd), path: path)
            let (appended, result) = try decide(try Self.replay(events, path: path))
            let size = try write(appended, to: fd)
            return (result, size)
        }
    }

    /// Opens (creating) and locks the file, repairs a torn tail, runs `body`, unlocks.
    private func withLockedFile<T>(_ body: (Int32) throws -> T) throws -> T {
        let folder = LocalFiles.folder(of: path)
        let existed = FileManager.default.fileExists(atPath: path)
        try LocalFiles.makeFolders(folder)
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw TriageError(.journal, "cannot open journal \(path)", cause: POSIXErrorCause.current())
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw TriageError(.journal, "cannot lock journal \(path)", cause: POSIXErrorCause.current())
            }
        }
        defer { flock(fd, LOCK_UN) }
        if !existed { try LocalFiles.syncFolder(folder) }
        try repairTornTail(fd)
        return try body(fd)
    }

    /// Writes `events` as lines and fsyncs; returns the file's size after them.
    @discardableResult
    private func write(_ events: [JobEvent], to fd: Int32) throws -> Int64 {
        if !events.isEmpty {
            var lines = Data()
            let encoder = JSONCoding.lineEncoder()
            for event in events {
                do {
                    lines.append(try encoder.encode(event))
                } catch {
                    throw TriageError(.journal, "cannot encode a journal record for job \(event.jobId)", cause: DescribedCause(error))
                }
                lines.append(0x0A)
            }
            try LocalFiles.writeAll(fd, lines, path: path)
            guard fsync(fd) == 0 else {
                throw TriageError(.journal, "cannot sync journal \(path)", cause: POSIXErrorCause.current())
            }
        }
        return Int64(lseek(fd, 0, SEEK_END))
    }

    private func readAll(_ fd: Int32) throws -> Data {
        try readBytes(fd, from: 0, to: Int64(lseek(fd, 0, SEEK_END)))
    }

    private func readBytes(_ fd: Int32, from start: Int64, to end: Int64) throws -> Data {
        guard end > start else { return Data() }
        var data = Data(count: Int(end - start))
        var done = 0
        while done < data.count {
            let count = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, $0.count - done, off_t(start) + off_t(done)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw TriageError(.journal, "cannot read journal \(path)", cause: POSIXErrorCause.current())
            }
            done += count
        }
        return data
    }

    /// Cuts the file back to its last newline if a crash left a partial line after it.
    private func repairTornTail(_ fd: Int32) throws {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return }
        var last: UInt8 = 0
        guard pread(fd, &last, 1, size - 1) == 1 else {
            throw TriageError(.journal, "cannot read journal \(path)", cause: POSIXErrorCause.current())
        }
        guard last != 0x0A else { return }
        // Scan back in blocks for the last newline.
        var end = size
        var keep: off_t = 0
        var block = [UInt8](repeating: 0, count: 4096)
        search: while end > 0 {
            let start = max(0, end - off_t(block.count))
            let count = Int(end - start)
            let read = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, start) }
            guard read == count else {
                throw TriageError(.journal, "cannot read journal \(path)", cause: POSIXErrorCause.current())
            }
            for index in stride(from: count - 1, through: 0, by: -1) where block[index] == 0x0A {
                keep = start + off_t(index) + 1
                break search
            }
            end = start
        }
        guard ftruncate(fd, keep) == 0 else {
            throw TriageError(.journal, "cannot repair the torn last line of journal \(path)", cause: POSIXErrorCause.current())
        }
    }

    /// Every complete event in the journal, in order; a missing journal has none.
    public func events() throws -> [JobEvent] {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw TriageError(.journal, "cannot read journal \(path)")
            }
            return []
        }
        return try Self.parse(data, path: path)
    }

    /// The complete lines of `data` as events; a torn last line (no newline) is left out.
    static func parse(_ data: Data, path: String, firstLine: Int = 1) throws -> [JobEvent] {
        try parseLines(data, path: path, firstLine: firstLine).events
    }

    /// The events of `data`'s complete lines, and how many bytes those lines take.
    static func parseLines(_ data: Data, path: String, firstLine: Int) throws -> (events: [JobEvent], consumed: Int, lines: Int) {
        let decoder = JSONCoding.decoder()
        var events: [JobEvent] = []
        var lineNumber = firstLine - 1
        var start = data.startIndex
        while start < data.endIndex {
            guard let newline = data[start...].firstIndex(of: 0x0A) else {
                break  // a torn last line: its transition was never acted on
            }
            lineNumber += 1
            let line = data[start..<newline]
            start = data.index(after: newline)
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
            do {
                events.append(try decoder.decode(JobEvent.self, from: line))
            } catch {
                throw TriageError(.journal, "journal \(path) line \(lineNumber) is not a valid record", cause: DescribedCause(error))
            }
        }
        return (events, start - data.startIndex, lineNumber - firstLine + 1)
    }

    /// Every job in the journal, replayed through the state machine, in order of submission.
    public func jobs() throws -> [JobState] {
        try Self.replay(try events(), path: path)
    }

    /// Folds `events` into jobs, in order of submission.
    static func replay(_ events: [JobEvent], path: String) throws -> [JobState] {
        var order: [String] = []
        var states: [String: JobState] = [:]
        for event in events {
            if var state = states[event.jobId] {
                do {
                    try state.apply(event)
                } catch let error as TriageError {
                    throw TriageError(.journal, "journal \(path): \(error.message)")
                }
                states[event.jobId] = state
            } else {
                states[event.jobId] = try JobState(replaying: event)
                order.append(event.jobId)
            }
        }
        return order.compactMap { states[$0] }
    }

    /// The job with `jobId`, or `.jobNotFound`.
    public func job(_ jobId: String) throws -> JobState {
        guard let state = try jobs().first(where: { $0.spec.jobId == jobId }) else {
            throw TriageError(.jobNotFound, "no job \(jobId) in journal \(path)")
        }
        return state
    }

    /// Reads the events appended after byte `offset`, for a process following the journal.
    public struct Tail: Sendable {
        /// The journal followed.
        public let journal: Journal
        /// Where the next read starts: the end of the last complete line read.
        public private(set) var offset: Int64
        private var line: Int = 1

        /// Follows `journal` from byte `offset` (its size when the follower last read it whole).
        public init(_ journal: Journal, from offset: Int64) {
            self.journal = journal
            self.offset = offset
        }

        /// The complete events appended since the last read; a line still being written waits.
        public mutating func read() throws -> [JobEvent] {
            let fd = open(journal.path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw TriageError(.journal, "cannot open journal \(journal.path)", cause: POSIXErrorCause.current())
            }
            defer { close(fd) }
            let end = Int64(lseek(fd, 0, SEEK_END))
            // A journal cut back below what was read (a torn line repaired) is read from its end.
            guard end > offset else {
                offset = min(offset, end)
                return []
            }
            let data = try journal.readBytes(fd, from: offset, to: end)
            let (events, consumed, lines) = try Journal.parseLines(data, path: journal.path, firstLine: line)
            offset += Int64(consumed)
            line += lines
            return events
        }
    }
}
