import Foundation
import TriageCore

/// The AWS CLI's two ways of writing a structure on the command line: JSON, or its shorthand
/// (`S3Uri=s3://b/in/,InputFormat=ONE_DOC_PER_LINE`, nested `Key={A=1,B=2}`, lists `[a,b]`).
enum Shorthand {
    /// Decodes `text` (JSON when it starts with `{` or `[`, shorthand otherwise) as `T`; errors
    /// name `option`.
    static func decode<T: Decodable>(_ type: T.Type, from text: String, option: String) throws -> T {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let json: Data
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            json = Data(trimmed.utf8)
        } else {
            var parser = Parser(Array(trimmed.unicodeScalars))
            let value = try parser.structure(until: nil)
            guard parser.atEnd else { throw parser.failure("unexpected \(parser.rest)") }
            json = try JSONSerialization.data(withJSONObject: value)
        }
        do {
            return try JSONDecoder().decode(T.self, from: json)
        } catch {
            throw TriageError(.invalidArgument, "\(option) is not a valid value: \(text)", cause: DescribedCause(error))
        }
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count }
        var rest: String { String(String.UnicodeScalarView(scalars[index...])) }

        func failure(_ what: String) -> TriageError {
            TriageError(.invalidArgument, "cannot read the shorthand \(String(String.UnicodeScalarView(scalars))): \(what)")
        }

        /// `key=value,key=value` up to `end` (or the end of the text).
        mutating func structure(until end: Unicode.Scalar?) throws -> [String: Any] {
            var object: [String: Any] = [:]
            while !atEnd, scalars[index] != end {
                let key = scalar(stoppingAt: ["="]).trimmingCharacters(in: .whitespaces)
                guard !atEnd, scalars[index] == "=", !key.isEmpty else { throw failure("expected key=value") }
                index += 1
                object[key] = try value(stoppingAt: [",", end].compactMap { $0 })
                if !atEnd, scalars[index] == "," { index += 1 }
            }
            return object
        }

        mutating func value(stoppingAt stops: [Unicode.Scalar]) throws -> Any {
            guard !atEnd else { return "" }
            switch scalars[index] {
            case "{":
                index += 1
                let inner = try structure(until: "}")
                guard !atEnd else { throw failure("a { is not closed") }
                index += 1
                return inner
            case "[":
                index += 1
                var items: [Any] = []
                while !atEnd, scalars[index] != "]" {
                    items.append(try value(stoppingAt: [",", "]"]))
                    if !atEnd, scalars[index] == "," { index += 1 }
                }
                guard !atEnd else { throw failure("a [ is not closed") }
                index += 1
                return items
            case "\"", "'":
                let quote = scalars[index]
                index += 1
                var text = String.UnicodeScalarView()
                while !atEnd, scalars[index] != quote {
                    text.append(scalars[index])
                    index += 1
                }
                guard !atEnd else { throw failure("a quote is not closed") }
                index += 1
                return String(text)
            default:
                return scalar(stoppingAt: stops)
            }
        }

        mutating func scalar(stoppingAt stops: [Unicode.Scalar]) -> String {
            var text = String.UnicodeScalarView()
            while !atEnd, !stops.contains(scalars[index]) {
                text.append(scalars[index])
                index += 1
            }
            return String(text)
        }
    }
}
