import TriageCore
import TriageStorage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Streams `predictions.jsonl` to the job's working folder, the records of each document (one, or
/// one per page of a native document), in order, and the same records, compressed, into the job's
/// `output.tar.gz`.
///
/// Owned by the single loop that consumes classification results, so it needs no lock. Records
/// arrive encoded and compressed (the pool does both in parallel); each `write` ends with them in
/// the file (not necessarily fsync'ed), so `tail -f` follows a job.
final class PredictionsWriter {
    /// The file being written.
    let path: String
    private var descriptor: Int32
    /// Records written so far that carry scores.
    private(set) var succeeded = 0
    /// Records written so far that carry an error.
    private(set) var failed = 0
    /// Documents whose records are written so far: the sequence number of the next document.
    private(set) var documents = 0

    /// The archive the records also go to.
    let archive: StreamingTarGz

    /// Creates (truncating) the file at `path` and the archive at `archivePath`.
    init(path: String, archivePath: String) throws {
        archive = try StreamingTarGz(path: archivePath)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw TriageError(.notWritable, "cannot create \(path)", cause: POSIXErrorCause.current())
        }
        self.path = path
        descriptor = fd
    }

    /// Reopens the files a crashed or interrupted job left, cut back to what `checkpoint` made
    /// durable, with its counts.
    init(resuming path: String, archivePath: String, from checkpoint: JobCheckpoint) throws {
        archive = try StreamingTarGz(resuming: archivePath, bytes: checkpoint.archiveBytes, size: Int(checkpoint.predictionsBytes))
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw TriageError(.notWritable, "cannot reopen \(path)", cause: POSIXErrorCause.current())
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= off_t(checkpoint.predictionsBytes),
            ftruncate(fd, off_t(checkpoint.predictionsBytes)) == 0, lseek(fd, 0, SEEK_END) == off_t(checkpoint.predictionsBytes)
        else {
            let cause = POSIXErrorCause.current()
            close(fd)
            throw TriageError(
                .notWritable,
                "\(path) is shorter than the \(checkpoint.predictionsBytes) bytes its last checkpoint recorded, or cannot be cut back to them",
                cause: cause)
        }
        self.path = path
        descriptor = fd
        succeeded = checkpoint.succeeded
        failed = checkpoint.failed
        documents = checkpoint.documents
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }


    /// fsyncs both files; returns their lengths (predictions.jsonl, then the archive).
    func sync() throws -> (predictions: Int64, archive: Int64) {
        guard descriptor >= 0 else { throw TriageError(.notWritable, "\(path) is already finished") }
        guard fsync(descriptor) == 0 else {
            throw TriageError(.notWritable, "cannot sync \(path)", cause: POSIXErrorCause.current())
        }
        return (Int64(lseek(descriptor, 0, SEEK_END)), try archive.sync())
    }

    /// Writes a batch of records already encoded on the pool, and counts them.
    func write(_ batch: EncodedBatch) throws {
        try LocalFiles.writeAll(descriptor, batch.records, path: path)
        try archive.append(batch.compressed)
        succeeded += batch.succeeded
        failed += batch.failed
        documents += batch.documents
    }

    /// fsyncs and closes the file, and completes the archive (its member modified at `modified`,
    /// seconds since 1970); idempotent.
    func finish(modified: Int) throws {
        try archive.finish(name: "predictions.jsonl", modified: modified)
        guard descriptor >= 0 else { return }
        defer {
            close(descriptor)
            descriptor = -1
        }
        guard fsync(descriptor) == 0 else {
            throw TriageError(.notWritable, "cannot sync \(path)", cause: POSIXErrorCause.current())
        }
    }
}

/// A batch of `predictions.jsonl` records encoded on the pool, with its counts.
struct EncodedBatch: Sendable {
    /// The records, each ending in a newline, in input order.
    var records: [UInt8] = []
    /// How many records carry scores.
    var succeeded = 0
    /// How many records carry an error.
    var failed = 0
    /// How many documents the records are of.
    var documents: Int
    /// The records compressed as one gzip member of the archive.
    var compressed: CompressedPiece

    /// Encodes `predictions`, the records of `documents` documents, in order, and compresses them.
    init(_ predictions: [Prediction], documents: Int) {
        self.documents = documents
        records.reserveCapacity(predictions.count * 160)
        for prediction in predictions {
            PredictionEncoder.appendLine(prediction, to: &records)
            if prediction.succeeded { succeeded += 1 } else { failed += 1 }
        }
        compressed = CompressedPiece(compressing: records)
    }
}
