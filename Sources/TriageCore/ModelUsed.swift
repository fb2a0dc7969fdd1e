/// Which model a job classified with: recorded when it starts, so a job's description says which
/// model produced its records even after the model file is replaced.
public struct ModelUsed: Sendable, Codable, Hashable {
    /// The model file's path when the job started.
    public var path: String
    /// A fingerprint of the file's contents (its size and checksums), equal for equal models.
    public var fingerprint: String

    /// Makes a record of a model.
    public init(path: String, fingerprint: String) {
        self.path = path
        self.fingerprint = fingerprint
    }

    enum CodingKeys: String, CodingKey {
        case path = "Path", fingerprint = "Fingerprint"
    }
}
