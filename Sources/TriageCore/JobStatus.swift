/// Comprehend's job statuses.
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    /// Accepted and journaled, not started.
    case submitted = "SUBMITTED"
    /// Documents are being classified.
    case inProgress = "IN_PROGRESS"
    /// Every document has a record and the archive is at its final path.
    case completed = "COMPLETED"
    /// The job could not go on; `Message` says why.
    case failed = "FAILED"
    /// A stop was asked for; the job stops at the next document boundary.
    case stopRequested = "STOP_REQUESTED"
    /// The job stopped before the end, with the records done so far packed.
    case stopped = "STOPPED"

    /// True for the statuses a job never leaves.
    public var isTerminal: Bool {
        switch self {
        case .completed, .failed, .stopped: return true
        case .submitted, .inProgress, .stopRequested: return false
        }
    }
}
