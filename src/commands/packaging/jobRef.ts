// What the packaging commands need about a job: tree nodes carry these fields, programmatic callers pass them.
export interface PackagingJobRef {
  projectName: string;
  jobName: string;
}

export function isPackagingJobRef(value: unknown): value is PackagingJobRef {
  const ref = value as PackagingJobRef | undefined;
  return typeof ref?.projectName === 'string' && typeof ref.jobName === 'string';
}
