/// Progress a running job has made durable: every record up to `documents` is fsync'ed in the
/// job's predictions.jsonl and archive, so a job resumed after a crash cuts both files back to
/// these sizes and goes on reading its input at `input`.
public struct JobCheckpoint: Sendable, Codable, Hashable {
    /// Documents whose records are written: the sequence number of the next document. (A native
    /// document has a record per page, so records can outnumber documents.)
    public var documents: Int
    /// Records that carry scores.
    public var succeeded: Int
    /// Records that carry an error.
    public var failed: Int
    /// Bytes of predictions.jsonl written.
    public var predictionsBytes: Int64
    /// Bytes of the job's output.tar.gz written.
    public var archiveBytes: Int64
    /// Where the next document starts.
    public var input: InputPosition
    /// Bytes of input read so far, of `inputTotalBytes`: the job's progress.
    public var inputBytes: Int64
    /// Bytes of input in all.
    public var inputTotalBytes: Int64
    /// True once the archive is finished (every document has a record, or a stop was asked for):
    /// only publishing it is left.
    public var packed: Bool

    /// Makes a checkpoint.
    public init(
        documents: Int, succeeded: Int, failed: Int, predictionsBytes: Int64, archiveBytes: Int64,
        input: InputPosition, inputBytes: Int64, inputTotalBytes: Int64, packed: Bool = false
    ) {
        self.documents = documents
        self.succeeded = succeeded
        self.failed = failed
        self.predictionsBytes = predictionsBytes
        self.archiveBytes = archiveBytes
        self.input = input
        self.inputBytes = inputBytes
        self.inputTotalBytes = inputTotalBytes
        self.packed = packed
    }

    enum CodingKeys: String, CodingKey {
        case documents = "Documents", succeeded = "Succeeded", failed = "Failed"
        case predictionsBytes = "PredictionsBytes", archiveBytes = "ArchiveBytes", input = "Input"
        case inputBytes = "InputBytes", inputTotalBytes = "InputTotalBytes", packed = "Packed"
    }
}
