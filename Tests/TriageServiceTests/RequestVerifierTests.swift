import Foundation
import Testing
import TriageStorage
@testable import TriageService

/// SigV4 verification of incoming requests: AWS's published signature is accepted, and every way
/// of getting it wrong is refused with the exception AWS gives.
@Suite struct RequestVerifierTests {
    static let example = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let exampleTime = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    /// AWS's SigV4 test suite case post-vanilla: `POST /` to example.amazonaws.com, signed for
    /// service `service` in us-east-1, with the signature the suite publishes.
    static func postVanilla(signature: String = "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b") -> RequestVerifier.Request {
        RequestVerifier.Request(
            method: "POST", path: "/",
            headers: [
                ("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z"),
                ("Authorization",
                 "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=\(signature)"),
            ],
            body: [])
    }

    @Test func acceptsTheSignatureAWSPublishesForPostVanilla() {
        #expect(RequestVerifier(credentials: Self.example).verify(Self.postVanilla(), now: Self.exampleTime) == nil)
    }

    @Test func refusesASignatureMadeWithAnotherSecret() {
        let other = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "another-secret")
        let error = RequestVerifier(credentials: other).verify(Self.postVanilla(), now: Self.exampleTime)
        #expect(error?.type == "InvalidSignatureException")
        #expect(error?.status == 403)
        #expect(error?.message.contains("another-secret") == false)
    }

    @Test func refusesAnUnknownKeyAndAnUnsignedRequestAsUnrecognizedClients() {
        let verifier = RequestVerifier(credentials: AWSCredentials(accessKeyId: "AKIDOTHER", secretAccessKey: "x"))
        #expect(verifier.verify(Self.postVanilla(), now: Self.exampleTime)?.type == "UnrecognizedClientException")
        var unsigned = Self.postVanilla()
        unsigned.headers.removeAll { $0.name == "Authorization" }
        #expect(RequestVerifier(credentials: Self.example).verify(unsigned, now: Self.exampleTime)?.type == "UnrecognizedClientException")
    }

    @Test func refusesAChangedBodyPathOrSignedHeader() {
        let verifier = RequestVerifier(credentials: Self.example)
        var body = Self.postVanilla()
        body.body = Array("{}".utf8)
        #expect(verifier.verify(body, now: Self.exampleTime)?.type == "InvalidSignatureException")
        var path = Self.postVanilla()
        path.path = "/other"
        #expect(verifier.verify(path, now: Self.exampleTime)?.type == "InvalidSignatureException")
        var host = Self.postVanilla()
        host.headers[0] = ("Host", "evil.example.com")
        #expect(verifier.verify(host, now: Self.exampleTime)?.type == "InvalidSignatureException")
        #expect(verifier.verify(Self.postVanilla(signature: String(repeating: "0", count: 64)), now: Self.exampleTime)?.type
            == "InvalidSignatureException")
    }

    @Test func refusesARequestOlderOrNewerThanFifteenMinutes() {
        let verifier = RequestVerifier(credentials: Self.example)
        #expect(verifier.verify(Self.postVanilla(), now: Self.exampleTime.addingTimeInterval(14 * 60)) == nil)
        let late = verifier.verify(Self.postVanilla(), now: Self.exampleTime.addingTimeInterval(16 * 60))
        #expect(late?.type == "InvalidSignatureException")
        #expect(late?.message.contains("expired") == true)
        #expect(verifier.verify(Self.postVanilla(), now: Self.exampleTime.addingTimeInterval(-16 * 60))?.type == "InvalidSignatureException")
    }

    @Test func acceptsAComprehendRequestSignedByTriagesOwnSigner() {
        let credentials = AWSCredentials(accessKeyId: "AKIDTRIAGE", secretAccessKey: "secret/with+chars", sessionToken: "token")
        let body = Array(#"{"EndpointArn": "docs", "Text": "hello"}"#.utf8)
        let headers: [(name: String, value: String)] = [
            ("host", "127.0.0.1:8080"), ("content-type", "application/x-amz-json-1.1"),
            ("x-amz-target", "Comprehend_20171127.ClassifyDocument"),
        ]
        let signer = SigV4Signer(credentials: credentials, region: "eu-west-1", service: "comprehend")
        let hash = Data(body).sha256Hex
        let now = Date()
        let added = signer.sign(SigV4Signer.Request(method: "POST", path: "/", headers: headers, payloadHash: hash), at: now, normalizePath: true)
        let request = RequestVerifier.Request(method: "POST", path: "/", headers: headers + added, body: body)
        #expect(RequestVerifier(credentials: credentials).verify(request, now: now) == nil)
        var tampered = request
        tampered.body = Array(#"{"EndpointArn": "docs", "Text": "HELLO"}"#.utf8)
        #expect(RequestVerifier(credentials: credentials).verify(tampered, now: now)?.type == "InvalidSignatureException")
    }
}

extension Data {
    /// Lowercase hex SHA-256.
    var sha256Hex: String {
        SHA256Digest.hex(Array(self))
    }
}
