import Foundation
import Testing
import TriageTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `triage serve` driven by boto3 and the AWS CLI (real clients, in the virtualenv scripts/test
/// makes): endpoints, ClassifyDocument on text and a PDF, a job polled to COMPLETED, listing,
/// stopping, every error users catch, signatures, the body limit, /healthz and /metrics.
@Suite struct ServeTests {
    /// `$TRIAGE_CLIENTS_PYTHON` (set by scripts/test), else the virtualenv scripts/test makes.
    static var python: String {
        if let path = ProcessInfo.processInfo.environment["TRIAGE_CLIENTS_PYTHON"], !path.isEmpty { return path }
        return TriageBinary.packageRoot.appendingPathComponent("out/clients-venv/bin/python").path
    }

    /// Starts `triage serve` on a free port with `arguments` and returns it with its URL.
    static func serve(_ triage: TriageBinary, in folder: TemporaryFolder, _ arguments: [String]) throws -> (BackgroundProgram, String) {
        let server = try triage.start(["serve", "--port", "0", "--log-level", "warning"] + arguments, in: folder)
        guard eventually(seconds: 30, { server.output.contains("listening on ") || !server.isRunning }), server.isRunning,
            let line = server.output.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") })
        else {
            throw TestFailure("triage serve did not start: \(server.output) \(server.errors)")
        }
        return (server, String(line.dropFirst("listening on ".count)))
    }

    @Test func boto3AndTheAWSCLIUseTheServerUnchanged() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            throw TestFailure("no Python with boto3 at \(Self.python): scripts/test makes out/clients-venv")
        }
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        for (index, text) in ["Invoice 2231, amount due 400 EUR by 30 June", "Dear Ana, thank you for the lovely letter"].enumerated() {
            try folder.write("in/doc-\(index).txt", text)
        }
        // A ONE_DOC_PER_LINE input whose job runs long enough to be stopped while it runs.
        let line = "Invoice 2231 amount due 400 EUR by 30 June, thank you for your business and prompt payment\n"
        try folder.write("big/lines.txt", String(repeating: line, count: 400_000))
        let (server, url) = try Self.serve(triage, in: folder, [
            "--access-key-id", "AKIDTRIAGETEST", "--secret-access-key", "test/secret+key", "--max-text-bytes", "2000",
            "--max-body-bytes", "300000", "--worker-interval", "0.2",
        ])
        let script = TriageBinary.packageRoot.appendingPathComponent("Tests/EndToEndTests/Clients/comprehend_clients.py").path
        let result = try await runProgram(
            Self.python,
            [script, url, model, try TestDocuments.path("statement-2-pages.pdf"), folder.path + "/in/", folder.path + "/big/", folder.path + "/out/",
             "AKIDTRIAGETEST", "test/secret+key"],
            environment: ProcessInfo.processInfo.environment, in: TriageBinary.packageRoot)
        #expect(result.status == 0, "\(result.stdout)\n\(result.errors)\nserver: \(server.errors)")
        #expect(result.stdout.contains("client checks: 0 failed"))
        #expect(!result.stdout.contains("FAIL"), "\(result.stdout)")
        #expect(!server.errors.contains("test/secret+key"))
        server.send(SIGTERM)
        #expect(server.wait(seconds: 30) == 0, "\(server.errors)")
    }

    @Test func endpointsOutliveARestartAndModelGivesADefaultEndpoint() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        let (first, _) = try Self.serve(triage, in: folder, ["--model", model, "--no-worker"])
        #expect(first.output.contains("endpoint arn:triage:comprehend:local:local:document-classifier-endpoint/default"))
        first.send(SIGINT)
        #expect(first.wait(seconds: 30) == 0, "\(first.errors)")
        let (second, _) = try Self.serve(triage, in: folder, ["--no-worker"])
        #expect(second.output.contains("document-classifier-endpoint/default"))
        second.send(SIGTERM)
        #expect(second.wait(seconds: 30) == 0)
    }

    @Test func refusesToListenBeyondLoopbackWithoutCredentials() async throws {
        let folder = try TemporaryFolder()
        let result = try await TriageBinary(in: folder).run(["serve", "--host", "0.0.0.0", "--port", "0"])
        #expect(result.status == 2)
        #expect(result.errors.contains("without credentials"))
    }
}
