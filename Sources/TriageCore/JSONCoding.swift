import Foundation

/// The JSON encoders and decoders Triage uses for its documented outputs, configured once.
public enum JSONCoding {
    /// An encoder for printed descriptions: pretty, sorted keys, ISO 8601 dates with milliseconds.
    public static func prettyEncoder() -> JSONEncoder {
        encoder([.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// An encoder for one-line records (journal): compact, sorted keys, ISO 8601 dates.
    public static func lineEncoder() -> JSONEncoder {
        encoder([.sortedKeys, .withoutEscapingSlashes])
    }

    private static func encoder(_ formatting: JSONEncoder.OutputFormatting) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatDate(date))
        }
        return encoder
    }

    /// A decoder matching both encoders.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "not an ISO 8601 date: \(text)")
            }
            return date
        }
        return decoder
    }

    /// Formats a date as ISO 8601 UTC with milliseconds, e.g. `2026-11-22T12:00:00.123Z`.
    public static func formatDate(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Parses an ISO 8601 date with or without fractional seconds.
    public static func parseDate(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
            return date
        }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
