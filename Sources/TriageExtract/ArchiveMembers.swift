import TriageCore

/// The members of an archive file (zip, tar, tar.gz), read one at a time as documents, with the
/// limits applied while reading: at most `maxArchiveMembers` members and `maxArchiveBytes`
/// decompressed bytes (a zip bomb stops there), at most `maxReadBytes` kept per member.
///
/// `@unchecked Sendable`: it is used by one task at a time (the document source awaits each
/// `next()` on the classification pool before asking for another); its reader is never shared.
public final class ArchiveMembers: @unchecked Sendable {
    /// What `next()` gives.
    public enum Item: Sendable {
        /// A member: its path inside the archive, and its bytes or its error.
        case member(path: String, content: Result<[UInt8], DocumentError>)
        /// The archive cannot be read further (damaged, over a limit, empty); no item follows.
        case failure(DocumentError)
    }

    private let reader: ArchiveReader
    private let options: ReadingOptions
    private let name: String
    private var budget: Int
    private var members = 0
    private var lastPath: String?
    private var finished = false

    /// Opens the archive file at `path`; `name` names it in messages. Throws when it cannot be
    /// opened at all (the caller gives the archive an error record).
    public init(path: String, name: String, options: ReadingOptions) throws {
        reader = try ArchiveReader(path: path, name: name)
        self.options = options
        self.name = name
        budget = options.limits.maxArchiveBytes
    }

    /// Opens an archive held in memory; `name` names it in messages.
    public init(bytes: [UInt8], name: String, options: ReadingOptions) throws {
        reader = try ArchiveReader(bytes: bytes, name: name)
        self.options = options
        self.name = name
        budget = options.limits.maxArchiveBytes
    }

    deinit { reader.close() }

    /// Frees the reader; idempotent.
    public func close() {
        finished = true
        reader.close()
    }

    /// The next member, the archive's failure, or nil at the end. Blocks (decompression): call it
    /// on the classification pool.
    public func next() -> Item? {
        guard !finished else { return nil }
        do {
            while let entry = try reader.next() {
                // Folders are not documents; macOS's resource-fork copies are not the user's files.
                if entry.kind == .folder || entry.path.hasPrefix("__MACOSX/") { continue }
                members += 1
                guard members <= options.limits.maxArchiveMembers else {
                    return finish(DocumentError(
                        code: DocumentError.archiveLimitCode,
                        message: "The archive has more than \(options.limits.maxArchiveMembers) members, the limit; the members after \(lastPath ?? "the first") were not read."))
                }
                lastPath = entry.path
                if case let .other(what) = entry.kind {
                    return .member(path: entry.path, content: .failure(DocumentError(
                        code: DocumentError.unsupportedTypeCode, message: "The archive member is \(what), not a document.")))
                }
                if entry.isEncrypted {
                    return .member(path: entry.path, content: .failure(DocumentError(
                        code: DocumentError.encryptedCode, message: "The archive member is encrypted.")))
                }
                let limit = options.maxReadBytes
                let (bytes, truncated, overBudget) = try reader.readData(limit: limit, budget: &budget)
                if overBudget {
                    return finish(DocumentError(
                        code: DocumentError.archiveLimitCode,
                        message: "The archive expands to more than \(options.limits.maxArchiveBytes) bytes, the limit; reading stopped in \(entry.path)."))
                }
                if truncated {
                    return .member(path: entry.path, content: .failure(DocumentError(
                        code: DocumentError.sizeExceededCode,
                        message: "The document has more than \(limit) bytes, the limit.")))
                }
                return .member(path: entry.path, content: .success(bytes))
            }
        } catch {
            let place = lastPath.map { " after \($0) and cannot be read further" } ?? " and cannot be read"
            return finish(DocumentError(
                code: DocumentError.invalidDocumentCode,
                message: "The archive is damaged\(place): \(DocumentReader.reason(error))."))
        }
        if members == 0 {
            return finish(DocumentError(code: DocumentError.emptyCode, message: "The archive holds no documents."))
        }
        close()
        return nil
    }

    private func finish(_ error: DocumentError) -> Item {
        close()
        return .failure(error)
    }
}
