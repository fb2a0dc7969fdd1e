import Testing
@testable import TriageStorage

@Suite struct AWSConfigurationChainTests {
    let files = [
        "/home/u/.aws/credentials": """
            [default]
            aws_access_key_id = FILEKEY
            aws_secret_access_key = filesecret
            # a comment
            [work]
            aws_access_key_id=WORKKEY
            aws_secret_access_key=worksecret
            aws_session_token=worktoken
            """,
        "/home/u/.aws/config": """
            [default]
            region = eu-west-1
            [profile work]
            region = ap-south-1
            endpoint_url = http://127.0.0.1:9000
            [profile configonly]
            aws_access_key_id = CONFIGKEY
            aws_secret_access_key = configsecret
            """,
    ]

    func chain(_ environment: [String: String]) -> AWSConfigurationChain {
        AWSConfigurationChain(environment: ["HOME": "/home/u"].merging(environment) { $1 }) { files[$0] }
    }

    @Test func environmentKeysComeFirst() {
        let resolved = chain(["AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "t"])
        #expect(resolved.credentials == AWSCredentials(accessKeyId: "ENVKEY", secretAccessKey: "envsecret", sessionToken: "t"))
        #expect(resolved.credentialSource == "environment")
        #expect(resolved.region == "eu-west-1")
    }

    @Test func thenTheProfileInTheSharedFiles() {
        #expect(chain([:]).credentials?.accessKeyId == "FILEKEY")
        let work = chain(["AWS_PROFILE": "work"])
        #expect(work.credentials == AWSCredentials(accessKeyId: "WORKKEY", secretAccessKey: "worksecret", sessionToken: "worktoken"))
        #expect(work.region == "ap-south-1")
        #expect(work.endpoint == "http://127.0.0.1:9000")
        #expect(chain(["AWS_PROFILE": "configonly"]).credentials?.accessKeyId == "CONFIGKEY")
        // A key id without its secret is not credentials.
        #expect(chain(["AWS_ACCESS_KEY_ID": "ONLYID"]).credentials?.accessKeyId == "FILEKEY")
    }

    @Test func regionAndEndpointFollowTheAWSCLIsOrder() {
        #expect(chain(["AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "eu-central-1"]).region == "us-west-2")
        #expect(chain(["AWS_DEFAULT_REGION": "eu-central-1"]).region == "eu-central-1")
        #expect(chain(["AWS_ENDPOINT_URL": "http://a", "AWS_ENDPOINT_URL_S3": "http://b"]).endpoint == "http://b")
        let nothing = AWSConfigurationChain(environment: ["HOME": "/nowhere"]) { _ in nil }
        #expect(nothing.credentials == nil && nothing.region == "us-east-1" && nothing.endpoint == nil)
        #expect(nothing.credentialSource == "none")
    }

    @Test func otherFilesCanBeNamed() {
        let custom = AWSConfigurationChain(
            environment: ["HOME": "/x", "AWS_SHARED_CREDENTIALS_FILE": "/home/u/.aws/credentials", "AWS_CONFIG_FILE": "/home/u/.aws/config"]
        ) { files[$0] }
        #expect(custom.credentials?.accessKeyId == "FILEKEY")
        #expect(custom.region == "eu-west-1")
    }
}
