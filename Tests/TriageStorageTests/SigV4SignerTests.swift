import Crypto
import Foundation
import Testing
@testable import TriageStorage

/// Signs every case of AWS's SigV4 test suite (see SigV4TestSuite/README.md) and compares the
/// canonical request, the string to sign and the signature with AWS's.
@Suite struct SigV4SignerTests {
    static let suite = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("SigV4TestSuite")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: suite.path)) ?? []).filter { !$0.hasSuffix(".md") }.sorted()
    }

    /// One case: the request parsed from `request.txt` and the signing context.
    struct Case {
        var request: SigV4Signer.Request
        var signer: SigV4Signer
        var date: Date
        var normalize: Bool
        var signToken: Bool

        init(_ name: String) throws {
            let folder = SigV4SignerTests.suite.appendingPathComponent(name)
            let raw = try String(contentsOf: folder.appendingPathComponent("request.txt"), encoding: .utf8)
            let context = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("context.json"))) as? [String: Any])
            let parts = raw.components(separatedBy: "\n\n")
            let head = parts[0].components(separatedBy: "\n")
            let body = parts.dropFirst().joined(separator: "\n\n")
            // "METHOD TARGET HTTP/1.1": the target may hold spaces.
            let requestLine = head[0]
            let method = String(requestLine.prefix { $0 != " " })
            let target = String(requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count))
            var headers: [(name: String, value: String)] = []
            for line in head.dropFirst() where !line.isEmpty {
                if line.first == " " || line.first == "\t", let last = headers.popLast() {
                    headers.append((last.name, last.value + "\n" + line))  // a folded continuation line
                } else if let colon = line.firstIndex(of: ":") {
                    headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
                }
            }
            let pathPart = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            let path = String(pathPart[0]).removingPercentEncoding ?? String(pathPart[0])
            var query: [(name: String, value: String)] = []
            if pathPart.count > 1 {
                for item in pathPart[1].split(separator: "&") {
                    let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    let name = String(pair[0]).removingPercentEncoding ?? String(pair[0])
                    let value = pair.count > 1 ? (String(pair[1]).removingPercentEncoding ?? String(pair[1])) : ""
                    query.append((name, value))
                }
            }
            let payloadHash = SHA256.hash(data: Data(body.utf8)).hex
            if context["sign_body"] as? Bool == true { headers.append(("x-amz-content-sha256", payloadHash)) }
            let credentials = try #require(context["credentials"] as? [String: Any])
            signer = SigV4Signer(
                credentials: AWSCredentials(
                    accessKeyId: try #require(credentials["access_key_id"] as? String),
                    secretAccessKey: try #require(credentials["secret_access_key"] as? String),
                    sessionToken: credentials["token"] as? String),
                region: try #require(context["region"] as? String), service: try #require(context["service"] as? String))
            request = SigV4Signer.Request(method: method, path: path, query: query, headers: headers, payloadHash: payloadHash)
            let timestamp = try #require(context["timestamp"] as? String)
            date = try #require(ISO8601DateFormatter().date(from: timestamp))
            normalize = context["normalize"] as? Bool ?? true
            signToken = !(context["omit_session_token"] as? Bool ?? false)
        }
    }

    func expected(_ name: String, _ file: String) throws -> String {
        try String(contentsOf: Self.suite.appendingPathComponent(name).appendingPathComponent(file), encoding: .utf8)
    }

    @Test func theSuiteIsThere() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: SigV4SignerTests.cases)
    func matchesAWSTestSuite(_ name: String) throws {
        let testCase = try Case(name)
        let headers = testCase.signer.sign(
            testCase.request, at: testCase.date, normalizePath: testCase.normalize, signToken: testCase.signToken)
        // Rebuild what sign() signed, to compare each stage.
        var signed = testCase.request
        signed.headers += headers.filter { $0.name == "x-amz-date" || ($0.name == "x-amz-security-token" && testCase.signToken) }
        let (canonical, _) = testCase.signer.canonicalRequest(signed, normalizePath: testCase.normalize)
        #expect(canonical == (try expected(name, "header-canonical-request.txt")))
        let toSign = testCase.signer.stringToSign(canonicalRequest: canonical, timestamp: SigV4Signer.timestamp(testCase.date))
        #expect(toSign == (try expected(name, "header-string-to-sign.txt")))
        let signature = try expected(name, "header-signature.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        let authorization = try #require(headers.first { $0.name == "Authorization" }?.value)
        #expect(authorization.hasSuffix("Signature=\(signature)"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders="))
    }

    @Test func credentialsNeverPrintTheirSecret() {
        let credentials = AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s3cr3t", sessionToken: "t0k3n")
        #expect(!"\(credentials)".contains("s3cr3t"))
        #expect(!"\(credentials)".contains("t0k3n"))
        #expect(!String(reflecting: credentials).contains("s3cr3t"))
    }

    @Test func encodesKeysAsS3Expects() {
        #expect(SigV4Signer.encode("a b+c%d=e/ü~", keepSlash: true) == "a%20b%2Bc%25d%3De/%C3%BC~")
        #expect(SigV4Signer.encode("a/b", keepSlash: false) == "a%2Fb")
    }
}
