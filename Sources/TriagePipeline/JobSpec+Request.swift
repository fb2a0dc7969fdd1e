import TriageCore
import TriageStorage

extension JobSpec {
    /// The specification of a new job asked for by Comprehend's StartDocumentClassificationJob
    /// `request` (from `start-job`, `run` or the endpoint): local paths made absolute, a fresh id,
    /// a name made up when none was given. `source` names where the request came from, for errors.
    public init(request: JobRequest, owner: String, options: JobOptions, source: String?) throws {
        guard let input = request.inputDataConfig?.s3Uri, let format = request.inputDataConfig?.inputFormat,
            let output = request.outputDataConfig?.s3Uri, let model = request.documentClassifierArn
        else {
            let from = source.map { "the job specification \($0)" } ?? "the request"
            throw TriageError(
                .invalidArgument,
                "\(from) lacks InputDataConfig (S3Uri and InputFormat), OutputDataConfig (S3Uri) or DocumentClassifierArn")
        }
        let jobId = JobSpec.newJobId()
        self.init(
            jobId: jobId,
            jobName: request.jobName ?? "job-\(jobId.prefix(8))",
            inputURI: LocalFiles.absolutePrefix(input),
            inputFormat: format,
            outputURI: LocalFiles.absolutePrefix(output),
            modelPath: LocalFiles.absolute(model),
            owner: owner,
            options: options,
            clientRequestToken: request.clientRequestToken,
            tags: request.tags ?? [],
            dataAccessRoleArn: request.dataAccessRoleArn,
            volumeKmsKeyId: request.volumeKmsKeyId,
            outputKmsKeyId: request.outputDataConfig?.kmsKeyId)
    }
}
