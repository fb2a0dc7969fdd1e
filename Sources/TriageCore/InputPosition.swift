/// A place in a job's input at a document boundary: where the next document starts.
///
/// Documents are a pure function of the input listing, so a job resumed from a position reads
/// exactly the documents an uninterrupted run would have read after it.
public struct InputPosition: Sendable, Codable, Hashable {
    /// Index of the object in the job's listing.
    public var object: Int
    /// Byte offset within the object (ONE_DOC_PER_LINE), where the next line starts.
    public var offset: Int64
    /// Zero-based number of the next line within the object.
    public var line: Int
    /// The last line ended with a CR whose following byte was not yet read: an LF there belongs
    /// to that line (a CRLF split across reads).
    public var afterCR: Bool
    /// Documents of the object already read, for objects that hold several (archive members).
    public var member: Int

    /// The start of object `object`.
    public init(object: Int = 0, offset: Int64 = 0, line: Int = 0, afterCR: Bool = false, member: Int = 0) {
        self.object = object
        self.offset = offset
        self.line = line
        self.afterCR = afterCR
        self.member = member
    }

    /// The start of the input.
    public static let start = InputPosition()

    enum CodingKeys: String, CodingKey {
        case object = "Object", offset = "Offset", line = "Line", afterCR = "AfterCR", member = "Member"
    }
}
