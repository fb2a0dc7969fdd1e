import ArgumentParser
import Foundation
import TriageCore
import TriageModel

/// `triage describe-model`: loads a model and prints what it is.
struct DescribeModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe-model",
        abstract: "Print a model's mode, labels and hyper-parameters, and how long it took to load.",
        discussion: "Loading maps the file and checks its header and metadata; --verify also checks every byte of its weights.")

    @Argument(help: "The model file written by `triage train`.")
    var model: String

    @Flag(help: "Check the checksum of the whole file, not only of its header and metadata.")
    var verify = false

    @OptionGroup var global: GlobalOptions

    /// The printed description.
    struct Description: Encodable {
        let modelFile: String
        let fileBytes: Int
        let mode: ClassifierMode
        let labels: [String]
        let options: TrainingOptions
        let scoreScale: Float
        let verified: Bool
        let loadMilliseconds: Double

        enum CodingKeys: String, CodingKey {
            case modelFile = "ModelFile", fileBytes = "FileBytes", mode = "Mode", labels = "Labels"
            case options = "Options", scoreScale = "ScoreScale", verified = "Verified"
            case loadMilliseconds = "LoadMilliseconds"
        }
    }

    func run() async throws {
        _ = global.makeLogger()
        let description = try await reportingErrors { () throws -> Description in
            let clock = ContinuousClock()
            let start = clock.now
            let classifier = try Classifier.load(path: model, verify: verify)
            let elapsed = clock.now - start
            let size = (try? FileManager.default.attributesOfItem(atPath: model)[.size] as? Int) ?? 0
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            return Description(
                modelFile: model, fileBytes: size, mode: classifier.mode, labels: classifier.labels,
                options: classifier.options, scoreScale: classifier.scoreScale, verified: verify,
                loadMilliseconds: (milliseconds * 1000).rounded() / 1000)
        }
        try printJSON(description)
    }
}
