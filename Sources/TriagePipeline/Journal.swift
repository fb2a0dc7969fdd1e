import Foundation
import TriageCore
import TriageStorage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The append-only journal of job status transitions: one JSON line per event.
///
/// Each append takes an exclusive `flock` on the file (so several processes can share one
/// journal), repairs a torn last line left by a crash (it is cut off, since the transition it
/// described was never acted on), writes the line and fsyncs before returning: the caller acts on
/// a transition only after it is durable. Reading skips a torn last line.
public struct Journal: Sendable {
    /// The journal file.
    public let path: String

    /// A journal at `path`; the file and its folder are created on the first append.
    public init(path: String) {
        self.path = path
    }

    /// Durably appends `event`.
    public func append(_ event: JobEvent) throws {
        var line: Data
        do {
            line = try JSONCoding.lineEncoder().encode(event)
        } catch {
            throw TriageError(.journal, "cannot encode a journal record for job \(event.jobId)", cause: DescribedCause(error))
        }
        line.append(0x0A)
        let folder = LocalFiles.folder(of: path)
        let existed = FileManager.default.fileExists(atPath: path)
        try LocalFiles.makeFolders(folder)
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw TriageError(.journal, "cannot open journal \(path)", cause: POSIXErrorCause.current())
        }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else {
            throw TriageError(.journal, "cannot lock journal \(path)", cause: POSIXErrorCause.current())
        }
        defer { flock(fd, LOCK_UN) }
        try repairTornTail(fd)
        try LocalFiles.writeAll(fd, line, path: path)
        guard fsync(fd) == 0 else {
            throw TriageError(.journal, "cannot sync journal \(path)", cause: POSIXErrorCause.current())
        }
        if !existed { try LocalFiles.syncFolder(folder) }
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
        let decoder = JSONCoding.decoder()
        var events: [JobEvent] = []
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            lineNumber += 1
            guard let newline = data[start...].firstIndex(of: 0x0A) else {
                break  // a torn last line: its transition was never acted on
            }
            let line = data[start..<newline]
            start = data.index(after: newline)
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
            do {
                events.append(try decoder.decode(JobEvent.self, from: line))
            } catch {
                throw TriageError(.journal, "journal \(path) line \(lineNumber) is not a valid record", cause: DescribedCause(error))
            }
        }
        return events
    }

    /// Every job in the journal, replayed through the state machine, in order of submission.
    public func jobs() throws -> [JobState] {
        var order: [String] = []
        var states: [String: JobState] = [:]
        for event in try events() {
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
}
