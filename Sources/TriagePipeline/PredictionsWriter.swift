import TriageCore
import TriageStorage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Streams `predictions.jsonl` to the job's working folder, one record per document, in order.
///
/// Owned by the single loop that consumes classification results, so it needs no lock. Each
/// `write` ends with the records on disk (not necessarily fsync'ed), so `tail -f` follows a job.
final class PredictionsWriter {
    /// The file being written.
    let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    /// Records written so far that carry scores.
    private(set) var succeeded = 0
    /// Records written so far that carry an error.
    private(set) var failed = 0

    /// Creates (truncating) the file at `path`.
    init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw TriageError(.notWritable, "cannot create \(path)", cause: POSIXErrorCause.current())
        }
        self.path = path
        descriptor = fd
        buffer.reserveCapacity(1 << 16)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends the records of `predictions` and writes them out.
    func write(_ predictions: [Prediction]) throws {
        for prediction in predictions {
            PredictionEncoder.appendLine(prediction, to: &buffer)
            if prediction.succeeded { succeeded += 1 } else { failed += 1 }
        }
        try LocalFiles.writeAll(descriptor, buffer, path: path)
        buffer.removeAll(keepingCapacity: true)
    }

    /// fsyncs and closes the file; idempotent.
    func finish() throws {
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
