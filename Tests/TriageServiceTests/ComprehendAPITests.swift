import Foundation
import Logging
import Testing
import TriageCore
import TriageExtract
import TriageModel
import TriagePipeline
import TriageStorage
import TriageTestSupport
@testable import TriageService

/// Every operation of the Comprehend API, driven in-process (no socket) on a real model trained
/// from the sample corpus and a real journal.
@Suite struct ComprehendAPITests {
    /// An API over a fresh journal and endpoints file in `folder`, with the sample model at `model`.
    struct Setup {
        let folder: TemporaryFolder
        let model: String
        let api: ComprehendAPI
    }

    static func setUp(maxTextBytes: Int = 10_000) throws -> Setup {
        let folder = try TemporaryFolder()
        let model = folder.path + "/model.triage"
        var options = TrainingOptions()
        options.buckets = 1 << 16
        let examples = try TrainingCSV.read(path: TestDocuments.packageRoot.path + "/samples/training.csv", mode: .multiClass)
        try Trainer.train(examples: examples, mode: .multiClass, options: options).write(to: model)
        let runner = JobRunner(
            journal: Journal(path: folder.path + "/state/journal.jsonl"),
            configuration: RunnerConfiguration(concurrency: 2, workRoot: folder.path + "/state/jobs"), logger: Logger(label: "test"))
        let api = ComprehendAPI(
            endpoints: try EndpointRegistry(path: folder.path + "/state/endpoints.json", owner: "local"), runner: runner,
            owner: "local", jobOptions: JobOptions(), policy: DecisionPolicy(),
            documents: SingleDocument(reading: ReadingOptions(maxTextBytes: maxTextBytes), pool: ClassificationPool(width: 2)),
            maxTextBytes: maxTextBytes)
        return Setup(folder: folder, model: model, api: api)
    }

    /// Calls `operation` with `request` (a JSON object) and returns the status and the parsed body.
    static func call(_ api: ComprehendAPI, _ operation: String, _ request: [String: Any]) async throws -> (Int, [String: Any]) {
        let body = Array(try JSONSerialization.data(withJSONObject: request))
        let answer = await api.handle(operation: operation, body: body)
        let object = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
        return (answer.status, try #require(object, "not a JSON object: \(String(decoding: answer.body, as: UTF8.self))"))
    }

    static func createEndpoint(_ setup: Setup, name: String = "docs") async throws -> String {
        let (status, created) = try await call(
            setup.api, "CreateEndpoint", ["EndpointName": name, "ModelArn": setup.model, "DesiredInferenceUnits": 1])
        #expect(status == 200)
        return try #require(created["EndpointArn"] as? String)
    }

    @Test func classifiesTextOnACreatedEndpointWithScoresSummingToOne() async throws {
        let setup = try Self.setUp()
        let arn = try await Self.createEndpoint(setup)
        #expect(arn.hasSuffix(":document-classifier-endpoint/docs"))
        let (status, response) = try await Self.call(setup.api, "ClassifyDocument", [
            "EndpointArn": arn, "Text": "Invoice no. 4471. Amount due: $394.80 within 30 days of the invoice date. Bill to: Harbor Clinic",
        ])
        #expect(status == 200)
        let classes = try #require(response["Classes"] as? [[String: Any]])
        #expect(classes.count == 3)
        #expect(classes.first?["Name"] as? String == "INVOICE")
        let scores = classes.compactMap { $0["Score"] as? Double }
        #expect(scores == scores.sorted(by: >))
        #expect(response["DocumentMetadata"] == nil)
    }

    @Test func classifiesAPDFSentAsBytesWithComprehendsPageFields() async throws {
        let setup = try Self.setUp()
        let arn = try await Self.createEndpoint(setup)
        let pdf = Data(try TestDocuments.bytes("statement-2-pages.pdf")).base64EncodedString()
        let (status, response) = try await Self.call(setup.api, "ClassifyDocument", ["EndpointArn": arn, "Bytes": pdf])
        #expect(status == 200, "\(response)")
        #expect((response["Classes"] as? [[String: Any]])?.first?["Name"] as? String == "BANK_STATEMENT")
        let metadata = try #require(response["DocumentMetadata"] as? [String: Any])
        #expect(metadata["Pages"] as? Int == 2)
        let characters = try #require(metadata["ExtractedCharacters"] as? [[String: Any]])
        #expect(characters.map { $0["Page"] as? Int } == [1, 2])
        #expect(characters.allSatisfy { ($0["Count"] as? Int ?? 0) > 100 })
        let types = try #require(response["DocumentType"] as? [[String: Any]])
        #expect(types.map { $0["Type"] as? String } == ["NATIVE_PDF", "NATIVE_PDF"])
        #expect((response["Classes"] as? [[String: Any]])?.allSatisfy { $0["Page"] == nil } == true)

        // A one-page document names the page of each class, as Comprehend does.
        let invoice = Data(try TestDocuments.bytes("invoice.pdf")).base64EncodedString()
        let (_, onePage) = try await Self.call(setup.api, "ClassifyDocument", ["EndpointArn": arn, "Bytes": invoice])
        let classes = try #require(onePage["Classes"] as? [[String: Any]])
        #expect(classes.first?["Name"] as? String == "INVOICE")
        #expect(classes.allSatisfy { $0["Page"] as? Int == 1 })
    }

    @Test func aCorruptDocumentIsAnInvalidRequestNamingTheDocumentError() async throws {
        let setup = try Self.setUp()
        let arn = try await Self.createEndpoint(setup)
        let bytes = Data(try TestDocuments.bytes("corrupt.pdf")).base64EncodedString()
        let (status, response) = try await Self.call(setup.api, "ClassifyDocument", ["EndpointArn": arn, "Bytes": bytes])
        #expect(status == 400)
        #expect(response["__type"] as? String == "InvalidRequestException")
        #expect(response["Reason"] as? String == "INVALID_DOCUMENT")
        #expect((response["Detail"] as? [String: Any])?["Reason"] as? String != nil)
    }

    @Test func refusesBadClassifyRequestsWithComprehendsExceptions() async throws {
        let setup = try Self.setUp(maxTextBytes: 100)
        let arn = try await Self.createEndpoint(setup)
        let cases: [([String: Any], String)] = [
            (["EndpointArn": arn, "Text": String(repeating: "x", count: 101)], "TextSizeLimitExceededException"),
            (["EndpointArn": arn, "Text": ""], "InvalidRequestException"),
            (["EndpointArn": arn], "InvalidRequestException"),
            (["EndpointArn": arn, "Text": "a", "Bytes": "YQ=="], "InvalidRequestException"),
            (["EndpointArn": arn, "Bytes": "not base64 !!!"], "InvalidRequestException"),
            (["EndpointArn": Endpoint.arn(name: "missing", owner: "local"), "Text": "hello"], "ResourceNotFoundException"),
            (["Text": "hello"], "InvalidRequestException"),
            (["EndpointArn": 7, "Text": "hello"], "InvalidRequestException"),
        ]
        for (request, type) in cases {
            let (status, response) = try await Self.call(setup.api, "ClassifyDocument", request)
            #expect(status == 400, "\(request)")
            #expect(response["__type"] as? String == type, "\(request): \(response)")
            #expect((response["message"] as? String)?.isEmpty == false)
        }
        let answer = await setup.api.handle(operation: "ClassifyDocument", body: Array("{not json".utf8))
        #expect(answer.status == 400)
        let unknown = await setup.api.handle(operation: "DetectSentiment", body: Array("{}".utf8))
        #expect(String(decoding: unknown.body, as: UTF8.self).contains("UnknownOperationException"))
    }

    @Test func endpointsAreCreatedDescribedListedUpdatedAndDeletedAndOutliveTheRegistry() async throws {
        let setup = try Self.setUp()
        let arn = try await Self.createEndpoint(setup)
        let (status, taken) = try await Self.call(
            setup.api, "CreateEndpoint", ["EndpointName": "docs", "ModelArn": setup.model, "DesiredInferenceUnits": 1])
        #expect(status == 400)
        #expect(taken["__type"] as? String == "ResourceInUseException")
        let (_, missingModel) = try await Self.call(
            setup.api, "CreateEndpoint", ["EndpointName": "other", "ModelArn": setup.folder.path + "/none.triage", "DesiredInferenceUnits": 1])
        #expect(missingModel["__type"] as? String == "ResourceNotFoundException")
        let (_, badName) = try await Self.call(
            setup.api, "CreateEndpoint", ["EndpointName": "no spaces", "ModelArn": setup.model, "DesiredInferenceUnits": 1])
        #expect(badName["__type"] as? String == "InvalidRequestException")

        let (_, described) = try await Self.call(setup.api, "DescribeEndpoint", ["EndpointArn": arn])
        let properties = try #require(described["EndpointProperties"] as? [String: Any])
        #expect(properties["Status"] as? String == "IN_SERVICE")
        #expect(properties["ModelArn"] as? String == setup.model)
        #expect(properties["CreationTime"] is Double)

        _ = try await Self.createEndpoint(setup, name: "second")
        let (_, page1) = try await Self.call(setup.api, "ListEndpoints", ["MaxResults": 1])
        #expect((page1["EndpointPropertiesList"] as? [[String: Any]])?.count == 1)
        let token = try #require(page1["NextToken"] as? String)
        let (_, page2) = try await Self.call(setup.api, "ListEndpoints", ["MaxResults": 1, "NextToken": token])
        #expect((page2["EndpointPropertiesList"] as? [[String: Any]])?.first?["EndpointArn"] as? String == Endpoint.arn(name: "second", owner: "local"))
        #expect(page2["NextToken"] == nil)

        let (updated, _) = try await Self.call(setup.api, "UpdateEndpoint", ["EndpointArn": arn, "DesiredInferenceUnits": 4])
        #expect(updated == 200)
        let reloaded = try EndpointRegistry(path: setup.folder.path + "/state/endpoints.json", owner: "local")
        #expect(reloaded.endpoints.map(\.name) == ["docs", "second"])
        #expect(try reloaded.endpoint("docs").inferenceUnits == 4)

        let (deleted, _) = try await Self.call(setup.api, "DeleteEndpoint", ["EndpointArn": arn])
        #expect(deleted == 200)
        let (_, gone) = try await Self.call(setup.api, "DescribeEndpoint", ["EndpointArn": arn])
        #expect(gone["__type"] as? String == "ResourceNotFoundException")
        let (_, again) = try await Self.call(setup.api, "DeleteEndpoint", ["EndpointArn": arn])
        #expect(again["__type"] as? String == "ResourceNotFoundException")
        #expect(try EndpointRegistry(path: setup.folder.path + "/state/endpoints.json", owner: "local").endpoints.map(\.name) == ["second"])
    }

    @Test func anEndpointWhoseModelVanishedIsFailedAndUnavailable() async throws {
        let setup = try Self.setUp()
        let arn = try await Self.createEndpoint(setup)
        try FileManager.default.removeItem(atPath: setup.model)
        let reloaded = try EndpointRegistry(path: setup.folder.path + "/state/endpoints.json", owner: "local")
        #expect(try reloaded.endpoint(arn).status == .failed)
        #expect(throws: ComprehendError.self) { _ = try reloaded.classifier(arn) }
        do {
            _ = try reloaded.classifier(arn)
        } catch {
            #expect(error.type == "ResourceUnavailableException")
        }
    }

    @Test func jobsAreStartedIdempotentlyDescribedListedAndStopped() async throws {
        let setup = try Self.setUp()
        try setup.folder.write("in/a.txt", "Invoice no. 1, amount due 20 EUR")
        let request: [String: Any] = [
            "JobName": "nightly", "DocumentClassifierArn": setup.model, "DataAccessRoleArn": "arn:aws:iam::000000000000:role/none",
            "InputDataConfig": ["S3Uri": setup.folder.path + "/in/", "InputFormat": "ONE_DOC_PER_FILE"],
            "OutputDataConfig": ["S3Uri": setup.folder.path + "/out/"], "ClientRequestToken": "token-1",
        ]
        let (status, started) = try await Self.call(setup.api, "StartDocumentClassificationJob", request)
        #expect(status == 200, "\(started)")
        #expect(started["JobStatus"] as? String == "SUBMITTED")
        let jobId = try #require(started["JobId"] as? String)
        let (_, retried) = try await Self.call(setup.api, "StartDocumentClassificationJob", request)
        #expect(retried["JobId"] as? String == jobId)

        let (_, described) = try await Self.call(setup.api, "DescribeDocumentClassificationJob", ["JobId": jobId])
        let properties = try #require(described["DocumentClassificationJobProperties"] as? [String: Any])
        #expect(properties["JobName"] as? String == "nightly")
        #expect(properties["SubmitTime"] is Double)

        let (_, listed) = try await Self.call(
            setup.api, "ListDocumentClassificationJobs", ["Filter": ["JobStatus": "SUBMITTED", "SubmitTimeAfter": 0]])
        #expect((listed["DocumentClassificationJobPropertiesList"] as? [[String: Any]])?.count == 1)
        let (_, none) = try await Self.call(setup.api, "ListDocumentClassificationJobs", ["Filter": ["JobName": "other"]])
        #expect((none["DocumentClassificationJobPropertiesList"] as? [[String: Any]])?.isEmpty == true)

        let (_, stopped) = try await Self.call(setup.api, "StopDocumentClassificationJob", ["JobId": jobId])
        #expect(stopped["JobStatus"] as? String == "STOPPED")
        let (again, refused) = try await Self.call(setup.api, "StopDocumentClassificationJob", ["JobId": jobId])
        #expect(again == 400)
        #expect(refused["__type"] as? String == "InvalidRequestException")

        let (_, unknown) = try await Self.call(setup.api, "DescribeDocumentClassificationJob", ["JobId": "0123"])
        #expect(unknown["__type"] as? String == "JobNotFoundException")
        var noModel = request
        noModel["DocumentClassifierArn"] = setup.folder.path + "/none.triage"
        noModel["ClientRequestToken"] = "token-2"
        let (_, missing) = try await Self.call(setup.api, "StartDocumentClassificationJob", noModel)
        #expect(missing["__type"] as? String == "ResourceNotFoundException")
        let (_, incomplete) = try await Self.call(setup.api, "StartDocumentClassificationJob", ["JobName": "x"])
        #expect(incomplete["__type"] as? String == "InvalidRequestException")
    }
}
