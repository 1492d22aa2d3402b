// CSV dialect of Bulk API 2.0: the column delimiters and line endings a job can declare,
// parsing of uploaded job data and formatting of result files.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export type ColumnDelimiter = 'BACKQUOTE' | 'CARET' | 'COMMA' | 'PIPE' | 'SEMICOLON' | 'TAB';
export type LineEnding = 'LF' | 'CRLF';

export const COLUMN_DELIMITERS: Record<ColumnDelimiter, string> = {
  BACKQUOTE: '`',
  CARET: '^',
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  TAB: '\t',
};

export const LINE_ENDINGS: Record<LineEnding, string> = { LF: '\n', CRLF: '\r\n' };

export interface CsvDialect {
  columnDelimiter: ColumnDelimiter;
  lineEnding: LineEnding;
}

export function isColumnDelimiter(value: unknown): value is ColumnDelimiter {
  return typeof value === 'string' && value in COLUMN_DELIMITERS;
}

export function isLineEnding(value: unknown): value is LineEnding {
  return value === 'LF' || value === 'CRLF';
}

/** Error of job data that cannot be read as CSV. The message names the line. */
export class CsvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

/**
 * Parses job data into rows of raw cell strings, the header row first. Blank lines are skipped
 * and a UTF-8 byte order mark is dropped. Throws CsvFormatError on an unclosed quote or a row
 * whose number of cells differs from the header's.
 */
export function parseCsv(text: string, dialect: CsvDialect): string[][] {
  try {
    return parse(text, {
      delimiter: COLUMN_DELIMITERS[dialect.columnDelimiter],
      record_delimiter: LINE_ENDINGS[dialect.lineEnding],
      bom: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CsvFormatError(message);
  }
}

/**
 * Returns whether the data ends a line with something other than the declared line ending.
 * Line breaks inside quoted values are data, so they are not checked.
 */
export function hasLineEndingMismatch(text: string, lineEnding: LineEnding): boolean {
  const quote = 34; // "
  const lineFeed = 10;
  const carriageReturn = 13;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === quote) {
      // An escaped quote ("") flips the state twice, so it leaves it unchanged.
      inQuotes = !inQuotes;
    } else if (code === lineFeed && !inQuotes) {
      const afterCarriageReturn = i > 0 && text.charCodeAt(i - 1) === carriageReturn;
      if (afterCarriageReturn !== (lineEnding === 'CRLF')) return true;
    }
  }
  return false;
}

/** Formats rows with every cell quoted, as Bulk API 2.0 query results and job results are. */
export function formatQuotedRows(rows: string[][], dialect: CsvDialect): string {
  if (rows.length === 0) return '';
  return stringify(rows, {
    delimiter: COLUMN_DELIMITERS[dialect.columnDelimiter],
    record_delimiter: LINE_ENDINGS[dialect.lineEnding],
    quoted: true,
    quoted_empty: true,
  });
}

/** Formats rows quoting only the cells that need it, as the uploaded job data may be. */
export function formatPlainRows(rows: string[][], dialect: CsvDialect): string {
  if (rows.length === 0) return '';
  return stringify(rows, {
    delimiter: COLUMN_DELIMITERS[dialect.columnDelimiter],
    record_delimiter: LINE_ENDINGS[dialect.lineEnding],
  });
}

/**
 * Formats the header of a job result file: the result columns quoted, then the uploaded
 * columns as they were sent, for example `"sf__Id","sf__Error",Name,Industry`.
 */
export function formatResultHeader(
  resultColumns: string[],
  uploadedColumns: string[],
  dialect: CsvDialect,
): string {
  const delimiter = COLUMN_DELIMITERS[dialect.columnDelimiter];
  const quoted = formatQuotedRows([resultColumns], dialect).slice(
    0,
    -LINE_ENDINGS[dialect.lineEnding].length,
  );
  if (uploadedColumns.length === 0) return quoted + LINE_ENDINGS[dialect.lineEnding];
  return quoted + delimiter + formatPlainRows([uploadedColumns], dialect);
}
