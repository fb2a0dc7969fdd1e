import Foundation
import TriageCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension ObjectStore {
    /// Copies the object `uri` names, or every object under the prefix `uri`, into `folder`
    /// (streaming, a chunk at a time), and returns the local path that stands for `uri`: the
    /// file, or the folder holding the prefix's objects under their names. For commands that
    /// read whole local files, such as `train --data s3://bucket/training/`.
    ///
    /// Throws `.notFound` when the prefix matches nothing, and the store's errors naming the key.
    public func download(_ uri: String, into folder: String) async throws -> String {
        let objects = try await list(prefix: uri)
        guard !objects.isEmpty else { throw TriageError(.notFound, "\(uri) matches no object") }
        for object in objects {
            let path = LocalFiles.join(folder, object.name)
            try LocalFiles.makeFolders(LocalFiles.folder(of: path))
            let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw TriageError(.notWritable, "cannot create \(path)", cause: POSIXErrorCause.current()) }
            defer { close(fd) }
            let stream = try await open(object)
            while let chunk = try await stream.read(maxBytes: 1 << 20) {
                try LocalFiles.writeAll(fd, chunk, path: path)
            }
            await stream.close()
        }
        let last = LocalFiles.name(of: uri)
        if objects.count == 1, objects[0].name.hasSuffix(last), !last.isEmpty, objects[0].key.hasSuffix("/" + last) {
            return LocalFiles.join(folder, objects[0].name)
        }
        return last.isEmpty ? folder : LocalFiles.join(folder, last)
    }
}
