// Local implementation of `lightning/graphql`: the `gql` tag, which parses a query when the
// module loads as the platform's does, and the `graphql` wire adapter, which emits
// `{ data, errors, refresh }` and fetches again when a record of a queried object is saved.

import { LdsWireAdapter, hasValues, type RecordChange } from '../../lds/wire.ts';
import { executeQuery, type GraphQLError } from './executor.ts';
import { parseDocument, type DocumentNode } from './parser.ts';

export type { DocumentNode } from './parser.ts';
export type { GraphQLError } from './executor.ts';

/** Parses a GraphQL query; interpolated values are joined into the text. */
export function gql(strings: TemplateStringsArray | string, ...values: unknown[]): DocumentNode {
  const parts = typeof strings === 'string' ? [strings] : [...strings];
  let source = parts[0];
  values.forEach((value, index) => {
    const text =
      value !== null && typeof value === 'object' && (value as DocumentNode).kind === 'Document'
        ? (value as DocumentNode).source
        : String(value);
    source += text + parts[index + 1];
  });
  return parseDocument(source);
}

interface GraphQLConfig {
  query?: DocumentNode;
  variables?: Record<string, unknown>;
  operationName?: string;
}

interface QueryData {
  data: Record<string, unknown> | undefined;
  errors: GraphQLError[] | undefined;
  objects: string[];
}

/** Wire adapter: `@wire(graphql, { query, variables, operationName })`. */
export class graphql extends LdsWireAdapter<GraphQLConfig, QueryData> {
  private objects: string[] = [];

  protected isReady(config: GraphQLConfig): boolean {
    return hasValues(config, ['query']);
  }

  protected async fetch(config: GraphQLConfig): Promise<QueryData> {
    const result = await executeQuery(
      config.query as DocumentNode,
      config.variables ?? {},
      config.operationName,
    );
    this.objects = result.objects;
    return { data: result.data, errors: result.errors, objects: result.objects };
  }

  protected isAffectedBy(_config: GraphQLConfig, change: RecordChange): boolean {
    return change.apiNames.some((name) => this.objects.includes(name));
  }

  protected successValue(result: QueryData): Record<string, unknown> {
    return { data: result.data, errors: result.errors, refresh: () => this.refresh() };
  }

  protected failureValue(error: unknown): Record<string, unknown> {
    const message = error instanceof Error ? error.message : String(error);
    return { data: undefined, errors: [{ message }], refresh: () => this.refresh() };
  }
}

/** Fetches the query of a graphql wire again: `refreshGraphQL(result)`. */
export function refreshGraphQL(
  result: { refresh?: () => Promise<void> } | undefined,
): Promise<void> {
  return result?.refresh?.() ?? Promise.resolve();
}
