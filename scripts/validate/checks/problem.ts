import type { Project } from '../project.ts';
import type { Schema } from '../schema.ts';

/** One finding: the file it is in, and a message that names the element and the fix. */
export interface Problem {
  file: string;
  message: string;
}

export interface CheckInput {
  project: Project;
  schema: Schema;
}

export interface Check {
  /** Step name in the report. */
  name: string;
  run(input: CheckInput): Problem[];
}
