import Foundation

/// A temporary folder for one test, removed when the value is released.
public final class TemporaryFolder {
    /// The folder's absolute path.
    public let path: String

    /// Creates a new, empty folder under the system's temporary folder.
    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("triage-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `data` at `relative`, creating folders.
    public func write(_ relative: String, _ data: Data) throws {
        let file = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: file))
    }

    /// Writes `text` as UTF-8 at `relative`, creating folders.
    public func write(_ relative: String, _ text: String) throws { try write(relative, Data(text.utf8)) }
}
