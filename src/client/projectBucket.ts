// Each project keeps its uploaded images, manifests and model output in its own bucket,
// named from a configurable prefix and the project name (S3 names are lower-case, 3..63 chars).
export function projectBucketName(prefix: string, projectName: string): string {
  const name = `${prefix}${projectName}`
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 63)
    .replace(/[^a-z0-9]+$/, '');
  return name.length >= 3 ? name : `${name}-lfv`.slice(0, 63);
}
