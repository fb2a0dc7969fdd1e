import ArgumentParser
import TriageCore
import TriageModel

/// `--top-k`, `--min-score`, `--fallback-class` and `--label-threshold`, shared by `classify` and `run`.
struct DecisionOptions: ParsableArguments {
    @Option(help: "Classes or labels per record, at most, best first.")
    var topK: Int = 3

    @Option(help: ArgumentHelp(
        "List only classes or labels scoring at least this (0 to 1).",
        discussion: "A MULTI_CLASS document whose best class scores under it gets --fallback-class, or no class."))
    var minScore: Double?

    @Option(help: ArgumentHelp(
        "The class listed for a document when no class or label reaches its minimum score.", valueName: "name"))
    var fallbackClass: String?

    @Option(
        name: .customLong("label-threshold"),
        help: ArgumentHelp(
            "MULTI_LABEL: the score LABEL needs to be listed, overriding --min-score for it (repeatable).",
            valueName: "LABEL=SCORE"))
    var labelThresholds: [String] = []

    func validate() throws {
        _ = try policy()
    }

    /// The policy these options describe; throws a usage error for a malformed value.
    func policy() throws -> DecisionPolicy {
        guard topK >= 1 else { throw ValidationError("--top-k must be at least 1") }
        if let minScore, !(0...1).contains(minScore) { throw ValidationError("--min-score must be between 0 and 1") }
        if let fallbackClass, fallbackClass.isEmpty { throw ValidationError("--fallback-class must not be empty") }
        var thresholds: [String: Double] = [:]
        for item in labelThresholds {
            guard let equals = item.lastIndex(of: "="), equals != item.startIndex,
                let score = Double(item[item.index(after: equals)...]), (0...1).contains(score)
            else {
                throw ValidationError("--label-threshold takes LABEL=SCORE with a score between 0 and 1, not \(item)")
            }
            thresholds[String(item[..<equals])] = score
        }
        return DecisionPolicy(topK: topK, minimumScore: minScore, fallbackClass: fallbackClass, labelThresholds: thresholds)
    }
}
