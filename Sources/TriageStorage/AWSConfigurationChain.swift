import Foundation
import TriageCore

/// Finds credentials, region and endpoint the way the AWS CLI does, from the environment and the
/// shared files; pure, given the environment and a file reader, so it is tested without I/O.
///
/// Credentials: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`); else the
/// profile (`AWS_PROFILE`, default `default`) in the credentials file (`AWS_SHARED_CREDENTIALS_FILE`,
/// default `~/.aws/credentials`), then in the config file (`AWS_CONFIG_FILE`, default
/// `~/.aws/config`, sections `[default]` and `[profile NAME]`). Region: `AWS_REGION`,
/// `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1`. Endpoint: `AWS_ENDPOINT_URL_S3`,
/// `AWS_ENDPOINT_URL`, the profile's `endpoint_url`.
public struct AWSConfigurationChain: Sendable {
    public var credentials: AWSCredentials?
    public var region: String
    public var endpoint: String?
    /// Where the credentials came from, for logs (never the keys themselves).
    public var credentialSource: String

    /// Resolves from `environment`; `readFile` returns a file's text or nil.
    public init(environment: [String: String], readFile: (String) -> String?) {
        let home = environment["HOME"] ?? ""
        let profile = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let credentialsFile = readFile(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials")
            .map(Self.parseINI) ?? [:]
        let configFile = readFile(environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config").map(Self.parseINI) ?? [:]
        let fromCredentials = credentialsFile[profile] ?? [:]
        let fromConfig = configFile[profile == "default" ? "default" : "profile " + profile] ?? configFile[profile] ?? [:]

        func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        if let id = nonEmpty(environment["AWS_ACCESS_KEY_ID"]), let secret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"]) {
            credentials = AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"]))
            credentialSource = "environment"
        } else if let found = Self.credentials(in: fromCredentials) {
            credentials = found
            credentialSource = "credentials file, profile \(profile)"
        } else if let found = Self.credentials(in: fromConfig) {
            credentials = found
            credentialSource = "config file, profile \(profile)"
        } else {
            credentials = nil
            credentialSource = "none"
        }
        region = nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"])
            ?? nonEmpty(fromConfig["region"]) ?? "us-east-1"
        endpoint = nonEmpty(environment["AWS_ENDPOINT_URL_S3"]) ?? nonEmpty(environment["AWS_ENDPOINT_URL"])
            ?? nonEmpty(fromConfig["endpoint_url"])
    }

    static func credentials(in section: [String: String]) -> AWSCredentials? {
        guard let id = section["aws_access_key_id"], !id.isEmpty,
            let secret = section["aws_secret_access_key"], !secret.isEmpty
        else { return nil }
        return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: section["aws_session_token"])
    }

    /// `[section]` then `key = value` lines; `#` and `;` start comments; keys lowercased.
    static func parseINI(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[current, default: [:]][key] = value
        }
        return sections
    }
}
