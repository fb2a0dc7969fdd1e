/// The one error type of Triage: a code, a message naming what failed, an optional cause and where it was thrown.
///
/// Shaped like swift-nio's `FileSystemError`: `code` is extensible, `message` names the path, key,
/// line or document at fault, and `cause` carries a lower-level error (a C library's status, a
/// POSIX errno) when there is one.
public struct TriageError: Error, Sendable, CustomStringConvertible {
    /// A category of failure; extensible, compared by its raw value.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable name of the code, e.g. `invalidTrainingData`.
        public let rawValue: String
        /// Makes a code from its stable name.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The stable name.
        public var description: String { rawValue }

        /// A file or object that should exist does not.
        public static let notFound = Code("notFound")
        /// A file or object exists but could not be read.
        public static let unreadable = Code("unreadable")
        /// A file or folder could not be written.
        public static let notWritable = Code("notWritable")
        /// Training data is malformed (bad row, empty label, single class...).
        public static let invalidTrainingData = Code("invalidTrainingData")
        /// A model file is truncated, corrupted, foreign or from an unsupported version.
        public static let invalidModel = Code("invalidModel")
        /// A job specification or command argument is invalid.
        public static let invalidArgument = Code("invalidArgument")
        /// The journal is unreadable or a transition is illegal.
        public static let journal = Code("journal")
        /// A job with that id does not exist.
        public static let jobNotFound = Code("jobNotFound")
        /// Another process is running the job (or holds the lock asked for).
        public static let jobBusy = Code("jobBusy")
        /// A state transition is not allowed from the job's current status.
        public static let illegalTransition = Code("illegalTransition")
        /// The output archive could not be written.
        public static let archive = Code("archive")
        /// A document could not be decoded as text.
        public static let invalidDocument = Code("invalidDocument")
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence naming what failed (path, key, line, document) and why.
    public var message: String
    /// The lower-level error that caused this one, if any.
    public var cause: (any Error & Sendable)?
    /// Where the error was thrown.
    public var location: SourceLocation

    /// The file and line an error was thrown at.
    public struct SourceLocation: Sendable, Hashable {
        /// The file, as `#fileID` gives it.
        public var file: String
        /// The line number.
        public var line: Int
        /// Makes a location.
        public init(file: String, line: Int) {
            self.file = file
            self.line = line
        }
    }

    /// Makes an error; the location defaults to the caller's.
    public init(
        _ code: Code,
        _ message: String,
        cause: (any Error & Sendable)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.cause = cause
        self.location = SourceLocation(file: file, line: line)
    }

    /// The message, followed by the cause's description when there is one.
    public var description: String {
        guard let cause else { return message }
        return "\(message): \(cause)"
    }
}

/// A POSIX error number with its `strerror` text, used as a `TriageError.cause`.
public struct POSIXErrorCause: Error, Sendable, CustomStringConvertible {
    /// The `errno` value.
    public let errno: Int32
    /// The system's description of it.
    public let text: String
    /// Makes a cause from an errno value.
    public init(errno: Int32, text: String) {
        self.errno = errno
        self.text = text
    }
    /// The system's description and the number.
    public var description: String { "\(text) (errno \(errno))" }
}

/// Any lower-level error kept by its description, so it can travel as a `Sendable` cause.
public struct DescribedCause: Error, Sendable, CustomStringConvertible {
    /// The wrapped error's description.
    public let description: String
    /// Keeps `error`'s description: a POSIX error inside a Foundation error, or a decoding
    /// error, in a short form (see `DescribedCause+Foundation.swift`).
    public init(_ error: any Error) {
        if let triage = error as? TriageError {
            description = triage.description
        } else {
            description = Self.describe(error)
        }
    }
}
