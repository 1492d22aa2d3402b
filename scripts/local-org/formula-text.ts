// Text operations on Salesforce formulas that formulon 6.25 cannot do itself: dropping comments,
// which its grammar rejects, rewriting code outside string literals, and splitting a formula that
// is one AND(...) into its conditions.

interface Segment {
  /** False for a string literal, quotes included. */
  code: boolean;
  text: string;
}

/** Splits a formula into code and string literals (`"..."` or `'...'`, backslash escapes kept). */
function splitSegments(formula: string): Segment[] {
  const segments: Segment[] = [];
  let code = '';
  let index = 0;
  while (index < formula.length) {
    const char = formula[index];
    if (char === '"' || char === "'") {
      if (code !== '') segments.push({ code: true, text: code });
      code = '';
      let literal = char;
      index += 1;
      while (index < formula.length) {
        const next = formula[index];
        literal += next;
        index += 1;
        if (next === '\\' && index < formula.length) {
          literal += formula[index];
          index += 1;
        } else if (next === char) {
          break;
        }
      }
      segments.push({ code: false, text: literal });
      continue;
    }
    code += char;
    index += 1;
  }
  if (code !== '') segments.push({ code: true, text: code });
  return segments;
}

/** Replaces each `/* ... *\/` comment outside string literals with a space. */
export function stripComments(formula: string): string {
  return splitSegments(formula)
    .map((segment) =>
      segment.code ? segment.text.replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ') : segment.text,
    )
    .join('');
}

/** Applies a regular-expression replacement to the code of a formula, never inside a string. */
export function replaceInCode(
  formula: string,
  pattern: RegExp,
  replacer: (match: string, ...groups: string[]) => string,
): string {
  return splitSegments(formula)
    .map((segment) =>
      segment.code
        ? segment.text.replace(pattern, (match: string, ...rest: unknown[]) =>
            replacer(match, ...rest.filter((part): part is string => typeof part === 'string')),
          )
        : segment.text,
    )
    .join('');
}

/** Returns the formula with the characters of its string literals replaced by spaces. */
function maskStrings(formula: string): string {
  return splitSegments(formula)
    .map((segment) => (segment.code ? segment.text : ' '.repeat(segment.text.length)))
    .join('');
}

/**
 * Splits a formula of the form `AND(a, b, c)` into `[a, b, c]`, so that the conditions can be
 * evaluated one at a time and the evaluation can stop at the first false one, as Salesforce's AND
 * does. Any other formula is returned whole, as the only element.
 */
export function splitTopLevelAnd(formula: string): string[] {
  const text = formula.trim();
  const masked = maskStrings(text);
  const opening = /^AND\s*\(/i.exec(masked);
  if (opening === null) return [text];
  const conditions: string[] = [];
  let depth = 1;
  let start = opening[0].length;
  for (let index = start; index < masked.length; index++) {
    const char = masked[index];
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (depth === 1 && char === ',') {
      conditions.push(text.slice(start, index).trim());
      start = index + 1;
    }
    if (depth === 0) {
      // The AND must span the whole formula: `AND(a, b) || c` is evaluated whole.
      if (index !== masked.length - 1) return [text];
      conditions.push(text.slice(start, index).trim());
      return conditions.some((condition) => condition === '') ? [text] : conditions;
    }
  }
  return [text];
}
