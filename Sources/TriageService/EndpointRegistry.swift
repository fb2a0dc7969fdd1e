import Foundation
import Synchronization
import TriageCore
import TriageModel
import TriageStorage

/// The server's endpoints and their loaded models, kept in a JSON file (`endpoints.json` beside
/// the journal) that every change rewrites atomically, so endpoints outlive the process.
///
/// One `triage serve` owns the file: two servers sharing one would each keep only their own
/// changes. Lookups (every ClassifyDocument) take the mutex only to copy out a reference to the
/// model, which is shared read-only; changes (rare) write the file while holding it, so the file
/// and the in-memory table never disagree.
public final class EndpointRegistry: Sendable {
    /// The file endpoints are kept in.
    public let path: String
    /// The owner part of endpoint ARNs.
    public let owner: String
    private let state: Mutex<[Entry]>

    private struct Entry: Sendable {
        var endpoint: Endpoint
        var classifier: Classifier?
    }

    private struct File: Codable {
        var endpoints: [Endpoint]
        enum CodingKeys: String, CodingKey { case endpoints = "Endpoints" }
    }

    /// Reads the endpoints kept at `path` (none when the file does not exist yet) and loads their
    /// models; an endpoint whose model cannot be loaded is FAILED, with the reason as its message.
    public init(path: String, owner: String) throws {
        self.path = path
        self.owner = owner
        var entries: [Entry] = []
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TriageError(.unreadable, "cannot read the endpoints file \(path)")
            }
            let file: File
            do {
                file = try JSONCoding.decoder().decode(File.self, from: data)
            } catch {
                throw TriageError(.unreadable, "the endpoints file \(path) is not valid", cause: DescribedCause(error))
            }
            for endpoint in file.endpoints {
                entries.append(Self.loaded(endpoint))
            }
        }
        state = Mutex(entries)
    }

    /// `endpoint` with its model loaded, or FAILED with the reason.
    private static func loaded(_ endpoint: Endpoint) -> Entry {
        var endpoint = endpoint
        do {
            let classifier = try Classifier.load(path: endpoint.modelPath)
            endpoint.status = .inService
            endpoint.message = nil
            return Entry(endpoint: endpoint, classifier: classifier)
        } catch {
            endpoint.status = .failed
            endpoint.message = Self.reason(error)
            return Entry(endpoint: endpoint, classifier: nil)
        }
    }

    /// Every endpoint, oldest first.
    public var endpoints: [Endpoint] { state.withLock { $0.map(\.endpoint) } }

    /// The endpoint named by `arnOrName`, or ResourceNotFoundException.
    public func endpoint(_ arnOrName: String) throws(ComprehendError) -> Endpoint {
        let name = Endpoint.name(fromArn: arnOrName)
        guard let endpoint = state.withLock({ $0.first { $0.endpoint.name == name }?.endpoint }) else {
            throw .resourceNotFound("no endpoint \(name)")
        }
        return endpoint
    }

    /// The model of the endpoint named by `arnOrName`: ResourceNotFoundException when there is no
    /// such endpoint, ResourceUnavailableException when its model failed to load.
    public func classifier(_ arnOrName: String) throws(ComprehendError) -> Classifier {
        let name = Endpoint.name(fromArn: arnOrName)
        let found = state.withLock { entries in entries.first { $0.endpoint.name == name } }
        guard let found else { throw .resourceNotFound("no endpoint \(name)") }
        guard let classifier = found.classifier else {
            throw .resourceUnavailable("endpoint \(name) is FAILED: \(found.endpoint.message ?? "its model could not be loaded")")
        }
        return classifier
    }

    /// Creates endpoint `name` on the model at `modelPath` (loaded and checked first). The same
    /// name with the same client request token and model returns the existing endpoint.
    @discardableResult
    public func create(
        name: String, modelPath: String, inferenceUnits: Int, clientRequestToken: String? = nil,
        dataAccessRoleArn: String? = nil, tags: [JobTag] = [], now: Date = Date()
    ) throws(ComprehendError) -> Endpoint {
        guard Endpoint.isValidName(name) else {
            throw .invalidRequest("EndpointName \(name) is not valid: 1 to 40 letters, digits and inner hyphens")
        }
        guard inferenceUnits >= 1 else { throw .invalidRequest("DesiredInferenceUnits must be at least 1") }
        let classifier = try Self.load(modelPath)
        return try state.withLock { (entries: inout [Entry]) throws(ComprehendError) -> Endpoint in
            if let existing = entries.first(where: { $0.endpoint.name == name })?.endpoint {
                if let clientRequestToken, existing.clientRequestToken == clientRequestToken, existing.modelPath == modelPath {
                    return existing
                }
                throw .resourceInUse("an endpoint named \(name) already exists")
            }
            let endpoint = Endpoint(
                name: name, modelPath: modelPath, inferenceUnits: inferenceUnits, creationTime: now, lastModifiedTime: now,
                dataAccessRoleArn: dataAccessRoleArn, clientRequestToken: clientRequestToken, tags: tags)
            var changed = entries
            changed.append(Entry(endpoint: endpoint, classifier: classifier))
            try save(changed)
            entries = changed
            return endpoint
        }
    }

    /// Points endpoint `arnOrName` at another model and/or number of units; the new model is
    /// loaded and checked first, and used by the next request.
    @discardableResult
    public func update(
        _ arnOrName: String, modelPath: String?, inferenceUnits: Int?, dataAccessRoleArn: String?, now: Date = Date()
    ) throws(ComprehendError) -> Endpoint {
        let name = Endpoint.name(fromArn: arnOrName)
        if let inferenceUnits, inferenceUnits < 1 { throw .invalidRequest("DesiredInferenceUnits must be at least 1") }
        let classifier = try modelPath.map { path throws(ComprehendError) in try Self.load(path) }
        return try state.withLock { (entries: inout [Entry]) throws(ComprehendError) -> Endpoint in
            guard let index = entries.firstIndex(where: { $0.endpoint.name == name }) else {
                throw .resourceNotFound("no endpoint \(name)")
            }
            var changed = entries
            if let modelPath, let classifier {
                changed[index].endpoint.modelPath = modelPath
                changed[index].endpoint.status = .inService
                changed[index].endpoint.message = nil
                changed[index].classifier = classifier
            }
            if let inferenceUnits { changed[index].endpoint.inferenceUnits = inferenceUnits }
            if let dataAccessRoleArn { changed[index].endpoint.dataAccessRoleArn = dataAccessRoleArn }
            changed[index].endpoint.lastModifiedTime = now
            try save(changed)
            entries = changed
            return changed[index].endpoint
        }
    }

    /// Deletes endpoint `arnOrName`.
    public func delete(_ arnOrName: String) throws(ComprehendError) {
        let name = Endpoint.name(fromArn: arnOrName)
        try state.withLock { (entries: inout [Entry]) throws(ComprehendError) in
            guard let index = entries.firstIndex(where: { $0.endpoint.name == name }) else {
                throw .resourceNotFound("no endpoint \(name)")
            }
            var changed = entries
            changed.remove(at: index)
            try save(changed)
            entries = changed
        }
    }

    /// Loads and checks the model at `path`: ResourceNotFoundException when there is no file,
    /// InvalidRequestException when it is not a model Triage can use.
    private static func load(_ path: String) throws(ComprehendError) -> Classifier {
        guard FileManager.default.fileExists(atPath: LocalFiles.absolute(path)) else { throw .resourceNotFound("no model at \(path)") }
        do {
            return try Classifier.load(path: LocalFiles.absolute(path))
        } catch {
            throw .invalidRequest("the model \(path) cannot be used: \(reason(error))")
        }
    }

    /// Writes `entries` to the file, atomically.
    private func save(_ entries: [Entry]) throws(ComprehendError) {
        do {
            try LocalFiles.makeFolders(LocalFiles.folder(of: path))
            let data = try JSONCoding.prettyEncoder().encode(File(endpoints: entries.map(\.endpoint)))
            try LocalFiles.replace(path, with: Array(data))
        } catch {
            throw .internalServer("cannot save the endpoints to \(path): \(Self.reason(error))")
        }
    }

    /// What went wrong, without the source location a `TriageError`'s description adds.
    static func reason(_ error: any Error) -> String {
        (error as? TriageError)?.message ?? "\(error)"
    }
}
