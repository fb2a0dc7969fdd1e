/// Splits training data into train and test parts the way Comprehend does: stratified, seeded.
public enum HoldoutSplit {
    /// Holds out `round(fraction × n)` documents of each class (by label set), keeping at least one
    /// in training; a class of one document stays in training. Same input and seed, same split.
    public static func stratified(
        _ examples: [TrainingExample], fraction: Double = 0.1, seed: UInt64
    ) -> (train: [TrainingExample], test: [TrainingExample]) {
        var groups: [String: [Int]] = [:]
        for (index, example) in examples.enumerated() { groups[example.stratum, default: []].append(index) }
        var generator = SeededGenerator(seed: seed)
        var heldOut = Set<Int>()
        for key in groups.keys.sorted() {
            var members = groups[key] ?? []
            guard members.count >= 2 else { continue }
            members.shuffle(using: &generator)
            let count = min(members.count - 1, max(1, Int((Double(members.count) * fraction).rounded())))
            heldOut.formUnion(members.prefix(count))
        }
        var train: [TrainingExample] = []
        var test: [TrainingExample] = []
        for (index, example) in examples.enumerated() {
            if heldOut.contains(index) { test.append(example) } else { train.append(example) }
        }
        return (train, test)
    }
}
