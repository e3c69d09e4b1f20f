// What the extension last saw of each model: the tree's loads and the commands' waits report statuses
// here, and open panels follow (reload on a new status, say "deleted" when the model or its project goes).
import * as vscode from 'vscode';

export interface ModelChange {
  projectName: string;
  /** Undefined: the whole project is gone. */
  modelVersion?: string;
  /** Undefined: the model (or its project) is gone. */
  status?: string;
}

/** Whether a change concerns this model. */
export function affects(change: ModelChange, model: { projectName: string; modelVersion: string }): boolean {
  return (
    change.projectName === model.projectName &&
    (change.modelVersion === undefined || change.modelVersion === model.modelVersion)
  );
}

export class ModelWatch implements vscode.Disposable {
  /** project name → model version → status */
  private readonly known = new Map<string, Map<string, string>>();
  /** The projects of the last complete project listing. */
  private projects = new Set<string>();
  private readonly changed = new vscode.EventEmitter<ModelChange>();
  readonly onDidChange = this.changed.event;

  /** A model was seen with this status; listeners hear of it only when the status differs from the last one. */
  seen(projectName: string, modelVersion: string, status: string | undefined): void {
    const models = this.known.get(projectName) ?? new Map<string, string>();
    this.known.set(projectName, models);
    const now = status ?? '';
    if (models.get(modelVersion) === now) return;
    models.set(modelVersion, now);
    this.changed.fire({ projectName, modelVersion, status: now });
  }

  /** Every model of the project was listed: the ones seen before and missing now are gone. */
  listed(projectName: string, models: { modelVersion: string; status: string | undefined }[]): void {
    const present = new Set(models.map((m) => m.modelVersion));
    for (const version of [...(this.known.get(projectName)?.keys() ?? [])])
      if (!present.has(version)) this.gone(projectName, version);
    for (const m of models) this.seen(projectName, m.modelVersion, m.status);
  }

  /** Every project of the connection was listed: the models of any other project are gone. */
  projectsListed(projectNames: Iterable<string>): void {
    const present = new Set(projectNames);
    for (const projectName of new Set([...this.projects, ...this.known.keys()]))
      if (!present.has(projectName)) this.gone(projectName);
    this.projects = present;
  }

  /** A model, or without a version the whole project, no longer exists. */
  gone(projectName: string, modelVersion?: string): void {
    if (modelVersion === undefined) {
      this.known.delete(projectName);
      this.projects.delete(projectName);
    } else this.known.get(projectName)?.delete(modelVersion);
    this.changed.fire({ projectName, modelVersion });
  }

  /** Forget everything (another connection): nothing is announced. */
  clear(): void {
    this.known.clear();
    this.projects.clear();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
