// What commands need to know about a resource. Tree nodes carry these fields, so a command gets the
// same thing from a right-click, from its pickers, or from a programmatic executeCommand call.
export interface ProjectRef {
  projectName: string;
}

export interface DatasetRef extends ProjectRef {
  datasetType: string;
}

export interface ModelRef extends ProjectRef {
  modelVersion: string;
  modelArn?: string;
}

export function isProjectRef(value: unknown): value is ProjectRef {
  return typeof (value as ProjectRef | undefined)?.projectName === 'string';
}

export function isDatasetRef(value: unknown): value is DatasetRef {
  return isProjectRef(value) && typeof (value as DatasetRef).datasetType === 'string';
}

export function isModelRef(value: unknown): value is ModelRef {
  return isProjectRef(value) && typeof (value as ModelRef).modelVersion === 'string';
}
