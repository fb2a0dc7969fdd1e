import TriageCore

/// What a watch turns new input into: jobs over the new objects under `input`, written under
/// `output`, classified with the model at `model`.
public struct WatchTarget: Sendable, Hashable {
    /// The input prefix.
    public var input: String
    /// The output prefix.
    public var output: String
    /// The model file; it is read afresh for every job, so a replaced model serves the next job.
    public var model: String
    /// How input files are split into documents.
    public var format: DocumentFormat
    /// The owner part of output folder names.
    public var owner: String
    /// How the watch's jobs classify.
    public var options: JobOptions

    /// Makes a target.
    public init(input: String, output: String, model: String, format: DocumentFormat, owner: String = "local", options: JobOptions = JobOptions()) {
        self.input = input
        self.output = output
        self.model = model
        self.format = format
        self.owner = owner
        self.options = options
    }

    /// Names the watch: the same input, output and format are the same watch, whatever the model
    /// (a new model reclassifies the watch's objects rather than starting another watch).
    public var id: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(input)\u{0}\(output)\u{0}\(format.rawValue)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
