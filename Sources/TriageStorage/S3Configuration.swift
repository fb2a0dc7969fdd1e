/// How to reach an S3-compatible store: built once from the command line and the environment.
public struct S3Configuration: Sendable {
    /// A custom endpoint such as `http://127.0.0.1:8333`; nil for AWS (`https://s3.REGION.amazonaws.com`).
    public var endpoint: String?
    /// The signing region.
    public var region: String
    /// Nil for unsigned requests (`--no-sign-request`, public buckets).
    public var credentials: AWSCredentials?
    /// `endpoint/bucket/key` rather than `bucket.endpoint/key`: on by default for a custom endpoint.
    public var pathStyle: Bool
    /// Part size of multipart uploads; an archive up to this size goes in one PUT.
    public var partSize: Int
    /// Attempts per request, the first included, on 5xx, throttling and dropped connections.
    public var maxAttempts: Int
    /// The first retry waits up to this long (full jitter), doubling each time, capped at 20 s.
    public var baseDelayMilliseconds: Int
    /// Seconds to connect, and to wait for each read.
    public var connectTimeout: Int
    public var readTimeout: Int

    /// S3's smallest part size (but for the last part): 5 MiB.
    public static let minimumPartSize = 5 << 20

    public init(
        endpoint: String? = nil, region: String = "us-east-1", credentials: AWSCredentials?,
        pathStyle: Bool? = nil, partSize: Int = 8 << 20, maxAttempts: Int = 5, baseDelayMilliseconds: Int = 100,
        connectTimeout: Int = 10, readTimeout: Int = 60
    ) {
        self.endpoint = endpoint.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.region = region
        self.credentials = credentials
        self.pathStyle = pathStyle ?? (endpoint != nil)
        self.partSize = max(Self.minimumPartSize, partSize)
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelayMilliseconds = max(1, baseDelayMilliseconds)
        self.connectTimeout = max(1, connectTimeout)
        self.readTimeout = max(1, readTimeout)
    }
}
