// Create flows that fail, or that the user cancels, after they created something must not leave it
// behind unannounced: `undoableCreate` records what a run created and, if the run then fails, rethrows
// the failure with that list, so its notification offers to delete it ("Delete project plates").
import type * as vscode from 'vscode';
import { errorMessage } from '../client/errors';

export interface Created {
  /** The project the resource belongs to (or is). */
  projectName: string;
  /** Deleting a project deletes everything created in it: only the project is offered then. */
  isProject: boolean;
  /** Deletes it; "title" is the button ("Delete project plates"). */
  undo: vscode.Command;
}

/** What one run of a create flow has created so far. */
export class CreatedResources {
  private readonly list: Created[] = [];

  project(projectName: string): void {
    this.add(projectName, true, `Delete project ${projectName}`, 'lookoutVision.project.delete', {
      projectName,
    });
  }

  dataset(projectName: string, datasetType: string): void {
    this.add(
      projectName,
      false,
      `Delete the ${datasetType} dataset of ${projectName}`,
      'lookoutVision.dataset.delete',
      { projectName, datasetType },
    );
  }

  model(projectName: string, modelVersion: string): void {
    this.add(
      projectName,
      false,
      `Delete model ${modelVersion} of ${projectName}`,
      'lookoutVision.model.delete',
      { projectName, modelVersion },
    );
  }

  /** Whether this run created the project (so it holds nothing else yet). */
  hasProject(projectName: string): boolean {
    return this.list.some((c) => c.isProject && c.projectName === projectName);
  }

  /** Takes over what a nested create flow (e.g. "New project…" inside "Create Dataset") created. */
  adopt(created: readonly Created[]): void {
    this.list.push(...created);
  }

  /** What to offer to delete, newest first; a created project stands for everything created in it. */
  undoable(): Created[] {
    const projects = new Set(this.list.filter((c) => c.isProject).map((c) => c.projectName));
    return this.list.filter((c) => c.isProject || !projects.has(c.projectName)).reverse();
  }

  private add(projectName: string, isProject: boolean, title: string, command: string, ref: object): void {
    // The delete commands skip their confirmation: the button is the user's answer.
    this.list.push({
      projectName,
      isProject,
      undo: { title, command, arguments: [ref, { confirmed: true }] },
    });
  }
}

/** A create flow failed (or was cancelled: `failure` is then a Cancelled) after creating `created`. */
export class FailedAfterCreating extends Error {
  constructor(
    readonly failure: unknown,
    readonly created: Created[],
  ) {
    super(errorMessage(failure));
  }
}

export async function undoableCreate<T>(run: (created: CreatedResources) => Promise<T>): Promise<T> {
  const created = new CreatedResources();
  try {
    return await run(created);
  } catch (err) {
    const nested = err instanceof FailedAfterCreating ? err : undefined;
    if (nested) created.adopt(nested.created);
    const undoable = created.undoable();
    if (undoable.length === 0) throw err;
    throw new FailedAfterCreating(nested ? nested.failure : err, undoable);
  }
}
