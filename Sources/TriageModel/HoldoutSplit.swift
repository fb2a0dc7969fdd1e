/// Splits training data into train and test parts the way Comprehend does: stratified, seeded.
public enum HoldoutSplit {
    /// Holds out `round(fraction × n)` of the `n` documents of each class (for MULTI_LABEL, each
    /// distinct label set), at least one when `fraction` is positive and `n >= 2`, and always keeping
    /// at least one in training; a class of one document stays in training. Both parts keep input
    /// order. Same input, fraction and seed, same split.
    public static func stratified(
        _ examples: [TrainingExample], fraction: Double = 0.1, seed: UInt64
    ) -> (train: [TrainingExample], test: [TrainingExample]) {
        guard fraction > 0 else { return (examples, []) }
        var groups: [String: [Int]] = [:]
        for (index, example) in examples.enumerated() { groups[example.stratum, default: []].append(index) }
        var generator = SeededGenerator(seed: seed)
        var heldOut = Set<Int>()
        // Sorted keys: the generator's draws go to the classes in a fixed order.
        for key in groups.keys.sorted() {
            guard var members = groups[key], members.count >= 2 else { continue }
            generator.shuffle(&members)
            let wanted = (Double(members.count) * min(fraction, 1)).rounded()
            let count = min(members.count - 1, max(1, Int(wanted)))
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
