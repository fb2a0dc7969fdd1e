import Foundation

/// The native documents `scripts/make-samples` generates with real tools (groff, LibreOffice,
/// pdftoppm, Ghostscript) under `samples/generated/`; `scripts/test` runs it first.
public enum TestDocuments {
    /// The package's root folder.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `samples/generated/`.
    public static var generated: String { packageRoot.appendingPathComponent("samples/generated").path }

    /// The path of fixture `name` (under `samples/generated/fixtures/`), checked to exist.
    public static func path(_ name: String) throws -> String {
        let path = generated + "/fixtures/" + name
        guard FileManager.default.fileExists(atPath: path) else {
            throw TestFailure("no test document \(path): run scripts/make-samples (scripts/test does)")
        }
        return path
    }

    /// The bytes of fixture `name`.
    public static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: try path(name))))
    }
}
