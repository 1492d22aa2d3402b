// A parser for the part of the GraphQL query language that UI API queries use: operations with
// variables, fields with aliases and arguments, and every kind of input value. Fragments and
// directives are rejected with an error that names them.

export type ValueNode =
  | { kind: 'Variable'; name: string }
  | { kind: 'Int' | 'Float'; value: number }
  | { kind: 'String'; value: string }
  | { kind: 'Boolean'; value: boolean }
  | { kind: 'Null' }
  | { kind: 'Enum'; value: string }
  | { kind: 'List'; values: ValueNode[] }
  | { kind: 'Object'; fields: Record<string, ValueNode> };

export interface FieldNode {
  /** Name under which the result is returned: the alias, else the field name. */
  responseKey: string;
  name: string;
  arguments: Record<string, ValueNode>;
  selections: FieldNode[];
  line: number;
  column: number;
}

export interface OperationNode {
  operation: 'query';
  name: string | null;
  variables: { name: string; defaultValue: ValueNode | null }[];
  selections: FieldNode[];
}

export interface DocumentNode {
  kind: 'Document';
  source: string;
  operations: OperationNode[];
}

/** A syntax error with its position in the query text. */
export class GraphQLSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(`Syntax Error: ${message} (line ${line}, column ${column})`);
    this.name = 'GraphQLSyntaxError';
    this.line = line;
    this.column = column;
  }
}

interface Token {
  kind: 'punct' | 'name' | 'int' | 'float' | 'string' | 'eof';
  value: string;
  line: number;
  column: number;
}

const PUNCTUATORS = new Set(['!', '$', '(', ')', ':', '=', '@', '[', ']', '{', '|', '}', '&']);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let line = 1;
  let lineStart = 0;
  const at = () => ({ line, column: index - lineStart + 1 });
  while (index < source.length) {
    const char = source[index];
    if (char === '\n') {
      index += 1;
      line += 1;
      lineStart = index;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r' || char === ',' || char === '\ufeff') {
      index += 1;
      continue;
    }
    if (char === '#') {
      while (index < source.length && source[index] !== '\n') index += 1;
      continue;
    }
    const position = at();
    if (source.startsWith('...', index)) {
      tokens.push({ kind: 'punct', value: '...', ...position });
      index += 3;
      continue;
    }
    if (PUNCTUATORS.has(char)) {
      tokens.push({ kind: 'punct', value: char, ...position });
      index += 1;
      continue;
    }
    const name = /^[_A-Za-z][_0-9A-Za-z]*/.exec(source.slice(index));
    if (name !== null) {
      tokens.push({ kind: 'name', value: name[0], ...position });
      index += name[0].length;
      continue;
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(index));
    if (number !== null) {
      const isFloat = number[2] !== undefined || number[3] !== undefined;
      tokens.push({ kind: isFloat ? 'float' : 'int', value: number[0], ...position });
      index += number[0].length;
      continue;
    }
    if (source.startsWith('"""', index)) {
      const end = source.indexOf('"""', index + 3);
      if (end < 0)
        throw new GraphQLSyntaxError('Unterminated block string.', position.line, position.column);
      const raw = source.slice(index + 3, end);
      tokens.push({ kind: 'string', value: raw.trim(), ...position });
      for (const part of raw) {
        if (part === '\n') line += 1;
      }
      index = end + 3;
      continue;
    }
    if (char === '"') {
      let value = '';
      index += 1;
      while (index < source.length && source[index] !== '"') {
        if (source[index] === '\n') {
          throw new GraphQLSyntaxError('Unterminated string.', position.line, position.column);
        }
        if (source[index] === '\\') {
          const escaped = source[index + 1];
          const simple: Record<string, string> = {
            '"': '"',
            '\\': '\\',
            '/': '/',
            b: '\b',
            f: '\f',
            n: '\n',
            r: '\r',
            t: '\t',
          };
          if (escaped === 'u') {
            value += String.fromCharCode(parseInt(source.slice(index + 2, index + 6), 16));
            index += 6;
            continue;
          }
          if (simple[escaped] === undefined) {
            throw new GraphQLSyntaxError(
              `Invalid escape sequence \\${escaped}.`,
              line,
              index - lineStart + 1,
            );
          }
          value += simple[escaped];
          index += 2;
          continue;
        }
        value += source[index];
        index += 1;
      }
      if (index >= source.length)
        throw new GraphQLSyntaxError('Unterminated string.', position.line, position.column);
      index += 1;
      tokens.push({ kind: 'string', value, ...position });
      continue;
    }
    throw new GraphQLSyntaxError(`Unexpected character "${char}".`, position.line, position.column);
  }
  tokens.push({ kind: 'eof', value: '', ...at() });
  return tokens;
}

class Parser {
  private readonly tokens: Token[];
  private position = 0;

  constructor(source: string) {
    this.tokens = tokenize(source);
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position];
    if (token.kind !== 'eof') this.position += 1;
    return token;
  }

  private fail(token: Token, message: string): never {
    throw new GraphQLSyntaxError(message, token.line, token.column);
  }

  private describe(token: Token): string {
    return token.kind === 'eof' ? '<EOF>' : `"${token.value}"`;
  }

  private expectPunct(value: string): Token {
    const token = this.next();
    if (token.kind !== 'punct' || token.value !== value) {
      this.fail(token, `Expected "${value}", found ${this.describe(token)}.`);
    }
    return token;
  }

  private isPunct(value: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.value === value;
  }

  private expectName(): Token {
    const token = this.next();
    if (token.kind !== 'name') this.fail(token, `Expected a name, found ${this.describe(token)}.`);
    return token;
  }

  parseDocument(source: string): DocumentNode {
    const operations: OperationNode[] = [];
    while (this.peek().kind !== 'eof') operations.push(this.parseOperation());
    if (operations.length === 0) this.fail(this.peek(), 'The document has no operation.');
    return { kind: 'Document', source, operations };
  }

  private parseOperation(): OperationNode {
    if (this.isPunct('{')) {
      return {
        operation: 'query',
        name: null,
        variables: [],
        selections: this.parseSelectionSet(),
      };
    }
    const keyword = this.expectName();
    if (keyword.value === 'fragment') {
      this.fail(keyword, 'Fragments are not supported by the local GraphQL adapter.');
    }
    if (keyword.value !== 'query') {
      this.fail(keyword, `Only query operations are supported, found "${keyword.value}".`);
    }
    const name = this.peek().kind === 'name' ? this.next().value : null;
    const variables: OperationNode['variables'] = [];
    if (this.isPunct('(')) {
      this.next();
      while (!this.isPunct(')')) {
        this.expectPunct('$');
        const variable = this.expectName().value;
        this.expectPunct(':');
        this.parseType();
        let defaultValue: ValueNode | null = null;
        if (this.isPunct('=')) {
          this.next();
          defaultValue = this.parseValue(true);
        }
        variables.push({ name: variable, defaultValue });
      }
      this.expectPunct(')');
    }
    this.rejectDirectives();
    return { operation: 'query', name, variables, selections: this.parseSelectionSet() };
  }

  private parseType(): void {
    if (this.isPunct('[')) {
      this.next();
      this.parseType();
      this.expectPunct(']');
    } else {
      this.expectName();
    }
    if (this.isPunct('!')) this.next();
  }

  private rejectDirectives(): void {
    if (this.isPunct('@'))
      this.fail(this.peek(), 'Directives are not supported by the local GraphQL adapter.');
  }

  private parseSelectionSet(): FieldNode[] {
    this.expectPunct('{');
    const selections: FieldNode[] = [];
    while (!this.isPunct('}')) {
      if (this.isPunct('...'))
        this.fail(this.peek(), 'Fragments are not supported by the local GraphQL adapter.');
      selections.push(this.parseField());
    }
    this.expectPunct('}');
    if (selections.length === 0)
      this.fail(this.peek(), 'A selection set must select at least one field.');
    return selections;
  }

  private parseField(): FieldNode {
    // `alias: name` returns the field under the alias.
    const first = this.expectName();
    let name = first.value;
    if (this.isPunct(':')) {
      this.next();
      name = this.expectName().value;
    }
    const args: Record<string, ValueNode> = {};
    if (this.isPunct('(')) {
      this.next();
      while (!this.isPunct(')')) {
        const argument = this.expectName().value;
        this.expectPunct(':');
        args[argument] = this.parseValue(false);
      }
      this.expectPunct(')');
    }
    this.rejectDirectives();
    const selections = this.isPunct('{') ? this.parseSelectionSet() : [];
    return {
      responseKey: first.value,
      name,
      arguments: args,
      selections,
      line: first.line,
      column: first.column,
    };
  }

  private parseValue(constant: boolean): ValueNode {
    const token = this.peek();
    if (token.kind === 'punct') {
      if (token.value === '$' && !constant) {
        this.next();
        return { kind: 'Variable', name: this.expectName().value };
      }
      if (token.value === '[') {
        this.next();
        const values: ValueNode[] = [];
        while (!this.isPunct(']')) values.push(this.parseValue(constant));
        this.expectPunct(']');
        return { kind: 'List', values };
      }
      if (token.value === '{') {
        this.next();
        const fields: Record<string, ValueNode> = {};
        while (!this.isPunct('}')) {
          const name = this.expectName().value;
          this.expectPunct(':');
          fields[name] = this.parseValue(constant);
        }
        this.expectPunct('}');
        return { kind: 'Object', fields };
      }
      this.fail(token, `Unexpected ${this.describe(token)}.`);
    }
    this.next();
    switch (token.kind) {
      case 'int':
        return { kind: 'Int', value: Number(token.value) };
      case 'float':
        return { kind: 'Float', value: Number(token.value) };
      case 'string':
        return { kind: 'String', value: token.value };
      case 'name':
        if (token.value === 'true' || token.value === 'false') {
          return { kind: 'Boolean', value: token.value === 'true' };
        }
        if (token.value === 'null') return { kind: 'Null' };
        return { kind: 'Enum', value: token.value };
      default:
        return this.fail(token, `Unexpected ${this.describe(token)}.`);
    }
  }
}

/** Parses a GraphQL document; throws a GraphQLSyntaxError with the position of the problem. */
export function parseDocument(source: string): DocumentNode {
  return new Parser(source).parseDocument(source);
}

/** Evaluates a value with the operation's variables; enum values become their names. */
export function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case 'Variable':
      return variables[node.name];
    case 'Int':
    case 'Float':
    case 'String':
    case 'Boolean':
      return node.value;
    case 'Null':
      return null;
    case 'Enum':
      return node.value;
    case 'List':
      return node.values.map((value) => valueOf(value, variables));
    case 'Object': {
      const result: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node.fields))
        result[key] = valueOf(value, variables);
      return result;
    }
  }
}
