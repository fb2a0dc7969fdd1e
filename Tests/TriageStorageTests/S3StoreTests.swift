import Foundation
import Testing
import TriageCore
import TriageTestSupport
@testable import TriageStorage

/// S3Store and S3Client against the real S3-compatible server that scripts/test starts; the AWS
/// CLI is the independent client.
@Suite(.enabled(if: S3TestServer.isConfigured, "needs the S3 test server that scripts/test starts"))
struct S3StoreTests {
    /// A client for the test server, with a small part size.
    static func client(partSize: Int = S3Configuration.minimumPartSize) -> S3Client {
        let environment = ProcessInfo.processInfo.environment
        return S3Client(configuration: S3Configuration(
            endpoint: S3TestServer.endpoint, region: "us-east-1",
            credentials: AWSCredentials(
                accessKeyId: environment["AWS_ACCESS_KEY_ID"] ?? "", secretAccessKey: environment["AWS_SECRET_ACCESS_KEY"] ?? ""),
            partSize: partSize))
    }

    @Test func publishesSmallFilesInOnePutAndLargeOnesInParts() async throws {
        let folder = try TemporaryFolder()
        let bucket = try S3TestServer.makeBucket("triage-publish")
        let client = Self.client()
        let store = S3Store(client: client)
        var generator = SystemRandomNumberGenerator()
        let large = (0..<(12 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(large).write(to: URL(fileURLWithPath: folder.path + "/large.bin"))
        try Data("small".utf8).write(to: URL(fileURLWithPath: folder.path + "/small.bin"))
        try await store.prepare(destination: "s3://\(bucket)/out/")
        #expect(try await store.publish(localFile: folder.path + "/large.bin", to: "s3://\(bucket)/out/large.bin") == "s3://\(bucket)/out/large.bin")
        _ = try await store.publish(localFile: folder.path + "/small.bin", to: "s3://\(bucket)/out/small.bin")
        try await client.shutdown()

        try S3TestServer.aws(["s3", "cp", "--quiet", "s3://\(bucket)/out/large.bin", folder.path + "/back.bin"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/back.bin")) == Data(large))
        // A multipart object's ETag ends in -<parts>: 12 MiB in 5 MiB parts is 3.
        let head = try S3TestServer.aws(["s3api", "head-object", "--bucket", bucket, "--key", "out/large.bin"])
        #expect(head.contains("-3\\\""))
        let small = try S3TestServer.aws(["s3api", "head-object", "--bucket", bucket, "--key", "out/small.bin"])
        #expect(!small.contains("-1\\\"") && small.contains("\"ContentLength\": 5"))
    }

    @Test func publishingAbortsTheUploadACrashedWriterLeftOpen() async throws {
        let folder = try TemporaryFolder()
        let bucket = try S3TestServer.makeBucket("triage-leftover")
        let client = Self.client()
        let leftover = try await client.createMultipartUpload(bucket: bucket, key: "out/archive.tar.gz")
        _ = try await client.uploadPart(
            bucket: bucket, key: "out/archive.tar.gz", uploadId: leftover, number: 1, bytes: [UInt8](repeating: 1, count: 5 << 20))
        #expect(try await client.multipartUploads(bucket: bucket, key: "out/archive.tar.gz") == [leftover])
        try folder.write("large.bin", Data(repeating: 2, count: 6 << 20))
        _ = try await S3Store(client: client).publish(localFile: folder.path + "/large.bin", to: "s3://\(bucket)/out/archive.tar.gz")
        #expect(try await client.multipartUploads(bucket: bucket, key: "out/archive.tar.gz").isEmpty)
        try await client.shutdown()
        #expect(!(try S3TestServer.aws(["s3api", "list-multipart-uploads", "--bucket", bucket]).contains(leftover)))
    }

    @Test func anAbortedUploadLeavesNoPartsBehind() async throws {
        let bucket = try S3TestServer.makeBucket("triage-abort")
        let client = Self.client()
        let id = try await client.createMultipartUpload(bucket: bucket, key: "partial.bin")
        _ = try await client.uploadPart(
            bucket: bucket, key: "partial.bin", uploadId: id, number: 1, bytes: [UInt8](repeating: 7, count: 5 << 20))
        let during = try S3TestServer.aws(["s3api", "list-multipart-uploads", "--bucket", bucket])
        #expect(during.contains(id))
        try await client.abortMultipartUpload(bucket: bucket, key: "partial.bin", uploadId: id)
        try await client.shutdown()
        let after = try S3TestServer.aws(["s3api", "list-multipart-uploads", "--bucket", bucket])
        #expect(!after.contains(id))
        #expect(try S3TestServer.aws(["s3", "ls", "s3://\(bucket)/"]).isEmpty)
    }

    @Test func listsAndReadsKeysThatNeedEncoding() async throws {
        let folder = try TemporaryFolder()
        let bucket = try S3TestServer.makeBucket("triage-keys")
        let keys = ["in/a b.txt", "in/x+y=z.txt", "in/100%.txt", "in/ünï/cödé.txt", "in/x.txt", "in/x.txt.bak", "in/folder/"]
        try Data("0123456789".utf8).write(to: URL(fileURLWithPath: folder.path + "/ten.txt"))
        for key in keys {
            try S3TestServer.aws(["s3api", "put-object", "--bucket", bucket, "--key", key, "--body", folder.path + "/ten.txt"])
        }
        let client = Self.client()
        let store = S3Store(client: client)
        let all = try await store.list(prefix: "s3://\(bucket)/in/")
        // The folder marker is not a document; the rest in key order, named from the prefix's folder.
        #expect(all.map(\.name) == ["100%.txt", "a b.txt", "x+y=z.txt", "x.txt", "x.txt.bak", "ünï/cödé.txt"])
        #expect(all.allSatisfy { $0.size == 10 && $0.modified != nil })
        // A prefix that names an object takes that object alone.
        let one = try await store.list(prefix: "s3://\(bucket)/in/x.txt")
        #expect(one.map(\.name) == ["x.txt"])
        for object in all {
            let (bytes, truncated) = try await store.read(object, limit: 4)
            #expect(bytes == Array("0123".utf8) && truncated)
            let stream = try await store.open(object)
            var streamed: [UInt8] = []
            while let chunk = try await stream.read(maxBytes: 3) { streamed += chunk }
            #expect(streamed == Array("0123456789".utf8))
        }
        #expect(try await store.list(prefix: "s3://\(bucket)/nothing-here").isEmpty)
        let missing = await #expect(throws: TriageError.self) {
            try await store.read(ObjectInfo(key: "s3://\(bucket)/in/gone.txt", name: "gone.txt", size: 10, modified: nil), limit: 4)
        }
        #expect(missing?.code == .notFound)
        #expect(missing?.message.contains("s3://\(bucket)/in/gone.txt") == true)
        try await client.shutdown()
    }
}

/// Retries and failures that need no server.
@Suite struct S3ClientFailureTests {
    @Test func anUnreachableServerFailsAfterItsRetriesNamingTheBucket() async throws {
        // Port 9 (discard) on loopback: nothing listens, connections are refused at once.
        let client = S3Client(configuration: S3Configuration(
            endpoint: "http://127.0.0.1:9", credentials: AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret-value"),
            maxAttempts: 3, baseDelayMilliseconds: 1, connectTimeout: 2))
        let error = await #expect(throws: TriageError.self) { try await client.list(bucket: "some-bucket", prefix: "p/") }
        #expect(error?.message.contains("s3://some-bucket/p/") == true)
        #expect(error?.message.contains("could not be reached (gave up after 3 attempts)") == true)
        #expect(!(error?.description.contains("secret-value") ?? true))
        try await client.shutdown()
    }

    @Test func retriesOnlyWhatCanSucceedLater() {
        func cause(_ status: Int, _ code: String) -> S3ErrorCause { S3ErrorCause(status: status, code: code, message: "") }
        #expect(S3Client.isRetryable(cause(503, "SlowDown")))
        #expect(S3Client.isRetryable(cause(500, "InternalError")))
        #expect(S3Client.isRetryable(cause(0, "ConnectionFailed")))
        #expect(S3Client.isRetryable(cause(400, "RequestTimeout")))
        #expect(!S3Client.isRetryable(cause(403, "AccessDenied")))
        #expect(!S3Client.isRetryable(cause(404, "NoSuchKey")))
        #expect(S3Client.error(cause(404, "NoSuchBucket"), what: "cannot list s3://b/", failure: .unreadable).code == .notFound)
    }
}

/// The real server behind `scripts/s3-fault-proxy`: throttled requests and answers cut mid-body
/// are retried and resumed, and a server that stays throttled fails naming the bucket.
@Suite(.enabled(if: S3TestServer.isConfigured, "needs the S3 test server that scripts/test starts"))
struct S3RetryTests {
    /// A client for `endpoint` (the proxy), retrying quickly.
    static func client(_ endpoint: String, maxAttempts: Int = 5) -> S3Client {
        let environment = ProcessInfo.processInfo.environment
        return S3Client(configuration: S3Configuration(
            endpoint: endpoint, region: "us-east-1",
            credentials: AWSCredentials(
                accessKeyId: environment["AWS_ACCESS_KEY_ID"] ?? "", secretAccessKey: environment["AWS_SECRET_ACCESS_KEY"] ?? ""),
            maxAttempts: maxAttempts, baseDelayMilliseconds: 5))
    }

    @Test func throttledRequestsAreRetriedUntilTheyPass() async throws {
        let folder = try TemporaryFolder()
        let bucket = try S3TestServer.makeBucket("triage-throttle")
        try folder.write("one.txt", "one")
        try S3TestServer.aws(["s3", "cp", "--quiet", folder.path + "/one.txt", "s3://\(bucket)/in/one.txt"])
        let proxy = try S3FaultProxy(throttle: 3, logIn: folder)
        let client = Self.client(proxy.endpoint)
        let store = S3Store(client: client)
        let objects = try await store.list(prefix: "s3://\(bucket)/in/")
        #expect(objects.map(\.name) == ["one.txt"])
        try await client.shutdown()
        let log = proxy.log
        #expect(log.filter { $0.hasSuffix("503 SlowDown (injected)") }.count == 3)
        #expect(log.last?.hasSuffix("-> 200") == true, "\(log)")
    }

    @Test func aServerThatStaysThrottledFailsAfterTheLastAttemptNamingTheBucket() async throws {
        let folder = try TemporaryFolder()
        let bucket = try S3TestServer.makeBucket("triage-slowdown")
        let proxy = try S3FaultProxy(throttle: 100, logIn: folder)
        let client = Self.client(proxy.endpoint, maxAttempts: 3)
        let error = await #expect(throws: TriageError.self) { try await S3Store(client: client).list(prefix: "s3://\(bucket)/in/") }
        try await client.shutdown()
        #expect(error?.message.contains("s3://\(bucket)/in/") == true)
        #expect(error?.description.contains("SlowDown") == true)
        #expect(error?.message.contains("gave up after 3 attempts") == true)
        #expect(proxy.log.count == 3)
    }

    @Test func aReadCutMidBodyResumesFromTheNextByte() async throws {
        let folder = try TemporaryFolder()
        let bucket = try S3TestServer.makeBucket("triage-cut")
        var generator = SystemRandomNumberGenerator()
        let content = (0..<(3 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try folder.write("big.bin", Data(content))
        try S3TestServer.aws(["s3", "cp", "--quiet", folder.path + "/big.bin", "s3://\(bucket)/big.bin"])
        let proxy = try S3FaultProxy(cuts: 2, cutBytes: 1 << 20, logIn: folder)
        let client = Self.client(proxy.endpoint)
        let store = S3Store(client: client)
        let object = try #require(try await store.list(prefix: "s3://\(bucket)/big.bin").first)

        // Streaming: cut twice, resumed twice with a ranged GET, every byte once and in order.
        let stream = try await store.open(object)
        var streamed: [UInt8] = []
        while let chunk = try await stream.read(maxBytes: 64 << 10) { streamed += chunk }
        #expect(streamed == content)
        let gets = proxy.log.filter { $0.hasPrefix("GET /\(bucket)/big.bin") }
        #expect(gets.filter { $0.contains("cut after") }.count == 2, "\(gets)")
        #expect(gets.dropFirst().allSatisfy { $0.contains("range=bytes=") && !$0.contains("range=bytes=0-") }, "\(gets)")

        // A whole-file read goes through the same resuming stream.
        let again = try S3FaultProxy(cuts: 1, cutBytes: 1 << 20, logIn: folder)
        let second = Self.client(again.endpoint)
        let (bytes, truncated) = try await S3Store(client: second).read(object, limit: 2 << 20)
        #expect(bytes == Array(content.prefix(2 << 20)) && truncated)
        #expect(again.log.filter { $0.contains("cut after") }.count == 1)
        try await client.shutdown()
        try await second.shutdown()
    }
}
