// Types of the parts of formulon 6.25 that the checks use; the package ships no declarations.
declare module 'formulon' {
  export function ast(formula: string): unknown;
  export function extract(formula: string): string[];
  export function parse(formula: string, substitutions?: Record<string, unknown>): unknown;
}
