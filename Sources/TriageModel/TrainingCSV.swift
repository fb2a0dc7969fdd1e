import Foundation
import TriageCore

/// Parses Comprehend's training CSV: no header, the label then the text, RFC 4180 quoting, UTF-8.
public enum TrainingCSV {
    /// Reads and parses the file at `path`; errors name the file and line.
    public static func read(path: String, mode: ClassifierMode, labelDelimiter: String = "|") throws -> [TrainingExample] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw TriageError(.notFound, "training data \(path) does not exist")
        }
        guard !isFolder.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw TriageError(.unreadable, "training data \(path) cannot be read")
        }
        return try parse(bytes: Array(data), file: path, mode: mode, labelDelimiter: labelDelimiter)
    }

    /// Parses CSV bytes; `file` names the source in error messages.
    public static func parse(bytes: [UInt8], file: String, mode: ClassifierMode, labelDelimiter: String = "|") throws -> [TrainingExample] {
        guard mode == .multiClass || !labelDelimiter.isEmpty else {
            throw TriageError(.invalidArgument, "the label delimiter must not be empty")
        }
        var examples: [TrainingExample] = []
        for record in try records(bytes, file: file) {
            let place = "\(file):\(record.line)"
            guard record.fields.count == 2 else {
                let hint = record.fields.count > 2 ? "; quote texts that contain commas" : ""
                throw TriageError(.invalidTrainingData, "\(place): expected 2 columns (label,text), found \(record.fields.count)\(hint)")
            }
            let rawLabel = record.fields[0]
            let labels: [String]
            switch mode {
            case .multiClass:
                labels = [rawLabel.trimmingCharacters(in: .whitespacesAndNewlines)]
            case .multiLabel:
                labels = rawLabel.components(separatedBy: labelDelimiter).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            guard !labels.contains(where: \.isEmpty) else {
                throw TriageError(.invalidTrainingData, "\(place): empty label")
            }
            let text = record.fields[1]
            guard !text.allSatisfy(\.isWhitespace) else {
                throw TriageError(.invalidTrainingData, "\(place): empty text")
            }
            var unique: [String] = []
            for label in labels where !unique.contains(label) { unique.append(label) }
            examples.append(TrainingExample(labels: unique, text: text, line: record.line, file: file))
        }
        return examples
    }

    /// Fails unless the examples hold at least two distinct classes (or labels).
    public static func validateClasses(_ examples: [TrainingExample], file: String) throws {
        guard !examples.isEmpty else {
            throw TriageError(.invalidTrainingData, "\(file): no training documents")
        }
        let classes = Set(examples.flatMap(\.labels))
        guard classes.count >= 2 else {
            throw TriageError(
                .invalidTrainingData,
                "\(file): only one class (\(classes.first ?? "")) was found; a classifier needs at least two")
        }
    }

    /// One CSV record: its fields and the line it starts on.
    struct Record {
        var fields: [String]
        var line: Int
    }

    /// Splits RFC 4180 CSV into records; records end with LF, CRLF or CR; blank lines (nothing but
    /// spaces and tabs, no quotes) are skipped.
    static func records(_ input: [UInt8], file: String) throws -> [Record] {
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedField = false
        var quotedRecord = false
        var index = bytes.startIndex

        func finishField() throws {
            guard let text = String(validating: field, as: UTF8.self) else {
                let column = switch fields.count {
                case 0: "the label"
                case 1: "the text"
                default: "column \(fields.count + 1)"
                }
                throw TriageError(.invalidTrainingData, "\(file):\(recordLine): \(column) is not valid UTF-8")
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            quotedRecord = quotedRecord || quotedField
            quotedField = false
        }
        func finishRecord() throws {
            try finishField()
            let blank = fields.count == 1 && !quotedRecord && fields[0].allSatisfy { $0 == " " || $0 == "\t" }
            if !blank {
                records.append(Record(fields: fields, line: recordLine))
            }
            fields.removeAll()
            quotedRecord = false
        }

        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == 0x0A || (byte == 0x0D && (index == bytes.endIndex || bytes[index] != 0x0A)) { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                if field.isEmpty && !quotedField {
                    inQuotes = true
                    quotedField = true
                } else if field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) && !quotedField {
                    field.removeAll()
                    inQuotes = true
                    quotedField = true
                } else {
                    throw TriageError(.invalidTrainingData, "\(file):\(line): a quote inside an unquoted field; quote the whole field and double the quote")
                }
            case UInt8(ascii: ","):
                try finishField()
            case 0x0D, 0x0A:
                if byte == 0x0D, index < bytes.endIndex, bytes[index] == 0x0A { index += 1 }
                try finishRecord()
                line += 1
                recordLine = line
            default:
                if quotedField {
                    // Only blanks may follow a closing quote.
                    guard byte == 0x20 || byte == 0x09 else {
                        throw TriageError(.invalidTrainingData, "\(file):\(line): text after a closing quote")
                    }
                } else {
                    field.append(byte)
                }
            }
        }
        if inQuotes {
            throw TriageError(.invalidTrainingData, "\(file):\(recordLine): unterminated quoted field")
        }
        if !field.isEmpty || !fields.isEmpty || quotedField { try finishRecord() }
        return records
    }
}
