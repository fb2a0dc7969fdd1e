import Prometheus
import TriageCore

/// The server's Prometheus metrics: requests by operation and status, request latency, documents
/// classified, and jobs by status (read from the journal at each scrape).
///
/// Sendable: the registry and its metrics are thread-safe (swift-prometheus locks inside).
public final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let documents: Counter
    /// Latency buckets, in seconds: fine below 10 ms, where real-time requests land.
    static let buckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .seconds(5), .seconds(30),
    ]

    // `nonisolated(unsafe)`: MetricNameDescriptor is a struct of immutable strings that swift-prometheus
    // does not mark Sendable; these constants are never written, so sharing them is safe. Stored
    // rather than computed, so a request does not build its metrics' names again.
    nonisolated(unsafe) static let requests = MetricNameDescriptor(
        namespace: "triage", metricName: "requests", unitName: "total", helpText: "Requests answered, by operation and HTTP status.")
    nonisolated(unsafe) static let latency = MetricNameDescriptor(
        namespace: "triage", metricName: "request_duration", unitName: "seconds",
        helpText: "Time from the request's arrival to its answer.")
    nonisolated(unsafe) static let classifiedDocuments = MetricNameDescriptor(
        namespace: "triage", metricName: "documents_classified", unitName: "total", helpText: "Documents classified by ClassifyDocument.")
    nonisolated(unsafe) static let jobs = MetricNameDescriptor(
        namespace: "triage", metricName: "jobs", unitName: "", helpText: "Jobs in the journal, by status.")

    /// Makes the metrics, all at zero.
    public init() {
        documents = registry.makeCounter(descriptor: Self.classifiedDocuments)
    }

    /// Counts one request to `operation` answered with `status`, which took `duration`.
    public func request(operation: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: Self.requests, labels: [("operation", operation), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: Self.latency, labels: [("operation", operation)], buckets: Self.buckets)
            .record(duration)
    }

    /// Counts documents classified.
    public func classified(_ count: Int) {
        documents.increment(by: Int64(count))
    }

    /// The metrics in Prometheus's text format, with `jobs` counted by status.
    public func render(jobs: [JobState]) -> [UInt8] {
        var counts: [JobStatus: Int] = [:]
        for job in jobs { counts[job.status, default: 0] += 1 }
        for status in JobStatus.allCases {
            registry.makeGauge(descriptor: Self.jobs, labels: [("status", status.rawValue)]).set(Double(counts[status] ?? 0))
        }
        return registry.emitToBuffer()
    }
}
