import Foundation
import TriageCore

/// Objects under `s3://bucket/prefix` on AWS S3 or any S3-compatible server.
///
/// Listing follows Comprehend: a prefix that names an object takes that object alone; otherwise
/// every object whose key starts with the prefix, in key order (S3 lists in UTF-8 byte order).
/// An object's `name` (Comprehend's `File`) is its key relative to the prefix's folder (the key up
/// to its last `/`). Keys ending in `/` (folder markers) are not documents.
public struct S3Store: ObjectStore {
    public let client: S3Client

    public init(client: S3Client) {
        self.client = client
    }

    public func list(prefix uri: String) async throws -> [ObjectInfo] {
        let location = try S3Location(uri)
        let objects = try await client.list(bucket: location.bucket, prefix: location.key).filter { !$0.key.hasSuffix("/") }
        let chosen = objects.filter { $0.key == location.key }.isEmpty ? objects : objects.filter { $0.key == location.key }
        let folder = location.key.lastIndex(of: "/").map { String(location.key[...$0]) } ?? ""
        return chosen.map { object in
            ObjectInfo(
                key: S3Location(bucket: location.bucket, key: object.key).description,
                name: String(object.key.dropFirst(folder.count)), size: object.size, modified: object.modified,
                etag: object.etag.isEmpty ? nil : object.etag)
        }
    }

    public func open(_ object: ObjectInfo, from offset: Int64) async throws -> any ByteStream {
        let location = try S3Location(object.key)
        return S3ObjectStream(client: client, bucket: location.bucket, key: location.key, from: offset)
    }

    /// Reads through the same resuming stream as `open`, so a dropped connection costs a ranged
    /// GET of the rest, not the document.
    public func read(_ object: ObjectInfo, limit: Int) async throws -> (bytes: [UInt8], truncated: Bool) {
        let location = try S3Location(object.key)
        guard object.size > 0, limit > 0 else { return ([], object.size > 0) }
        let length = min(object.size, Int64(limit))
        let stream = S3ObjectStream(client: client, bucket: location.bucket, key: location.key, end: length)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(length))
        while let chunk = try await stream.read(maxBytes: Int(length) - bytes.count) {
            bytes += chunk
        }
        await stream.close()
        return (bytes, object.size > Int64(limit))
    }

    public func prepare(destination: String) async throws {
        let location = try S3Location(destination)
        try await client.headBucket(location.bucket)
    }

    /// Uploads `localFile`: one PUT up to the part size, else a multipart upload whose parts are
    /// read one at a time (memory: one part), completed only when every part is in and aborted on
    /// any failure, so the object appears whole or not at all.
    public func publish(localFile: String, to destination: String) async throws -> String {
        let location = try S3Location(destination)
        guard let handle = FileHandle(forReadingAtPath: localFile) else {
            throw TriageError(.unreadable, "cannot open \(localFile) to upload it")
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: localFile)[.size] as? Int) ?? 0
        let partSize = client.configuration.partSize
        func readPart() throws -> [UInt8] {
            do {
                return Array(try handle.read(upToCount: partSize) ?? Data())
            } catch {
                throw TriageError(.unreadable, "cannot read \(localFile) to upload it", cause: DescribedCause(error))
            }
        }
        if size <= partSize {
            try await client.put(bucket: location.bucket, key: location.key, bytes: try readPart())
            return location.description
        }
        // A process killed while uploading this archive left its upload open: abort it first, so
        // its parts do not linger (only the job's lock holder publishes the job's key).
        for stale in (try? await client.multipartUploads(bucket: location.bucket, key: location.key)) ?? [] {
            try? await client.abortMultipartUpload(bucket: location.bucket, key: location.key, uploadId: stale)
        }
        let uploadId = try await client.createMultipartUpload(bucket: location.bucket, key: location.key)
        do {
            var parts: [(number: Int, etag: String)] = []
            var sent = 0
            while true {
                let bytes = try readPart()
                if bytes.isEmpty { break }
                let etag = try await client.uploadPart(
                    bucket: location.bucket, key: location.key, uploadId: uploadId, number: parts.count + 1, bytes: bytes)
                parts.append((parts.count + 1, etag))
                sent += bytes.count
            }
            guard sent == size else {
                throw TriageError(.unreadable, "\(localFile) changed size while being uploaded (\(sent) of \(size) bytes)")
            }
            try await client.completeMultipartUpload(bucket: location.bucket, key: location.key, uploadId: uploadId, parts: parts)
        } catch {
            try? await client.abortMultipartUpload(bucket: location.bucket, key: location.key, uploadId: uploadId)
            throw error
        }
        return location.description
    }
}
