import type {
  CreateProjectRequest,
  DeleteProjectRequest,
  DescribeProjectRequest,
  ListProjectsRequest,
} from '@aws-sdk/client-lookoutvision';
import type { BackendContext, Handler } from './context';
import { conflict, notFound } from '../protocol/errors';
import { projectArn } from './arn';
import { idempotent } from './idempotency';
import { decodeToken, pageSize, toPage } from './paging';

export function requireProject(ctx: BackendContext, name: string): { created: number } {
  const row = ctx.db.get('SELECT created FROM projects WHERE name = ?', name);
  if (!row) throw notFound('PROJECT', name, `Project ${name} not found`);
  return { created: Number(row.created) };
}

const metadata = (ctx: BackendContext, name: string, created: number) => ({
  ProjectArn: projectArn(ctx, name),
  ProjectName: name,
  CreationTimestamp: created,
});

export const CreateProject: Handler<CreateProjectRequest> = (ctx, input) => {
  const name = input.ProjectName;
  return idempotent(ctx, 'CreateProject', input, { type: 'PROJECT', id: name }, () => {
    const created = ctx.now();
    if (ctx.db.run('INSERT OR IGNORE INTO projects (name, created) VALUES (?, ?)', name, created) === 0) {
      throw conflict('PROJECT', name, `Project ${name} already exists`);
    }
    return { ProjectMetadata: metadata(ctx, name, created) };
  });
};

export const DescribeProject: Handler<DescribeProjectRequest> = (ctx, input) => {
  const name = input.ProjectName;
  const { created } = requireProject(ctx, name);
  const datasets = ctx.db.all(
    'SELECT type, created, status, status_message FROM datasets WHERE project = ? ORDER BY type DESC',
    name,
  );
  return {
    ProjectDescription: {
      ...metadata(ctx, name, created),
      Datasets: datasets.map((d) => ({
        DatasetType: d.type,
        CreationTimestamp: d.created,
        Status: d.status,
        StatusMessage: d.status_message ?? undefined,
      })),
    },
  };
};

export const DeleteProject: Handler<DeleteProjectRequest> = (ctx, input) => {
  const name = input.ProjectName;
  return idempotent(ctx, 'DeleteProject', input, { type: 'PROJECT', id: name }, () =>
    ctx.db.transaction(() => {
      requireProject(ctx, name);
      const datasets = ctx.db.all('SELECT type FROM datasets WHERE project = ?', name).map((r) => r.type);
      const models = ctx.db.all('SELECT version FROM models WHERE project = ?', name).map((r) => r.version);
      if (datasets.length > 0 || models.length > 0) {
        const parts = [
          datasets.length > 0 ? `datasets (${datasets.join(', ')})` : '',
          models.length > 0 ? `model versions (${models.join(', ')})` : '',
        ].filter(Boolean);
        throw conflict(
          'PROJECT',
          name,
          `Project ${name} still has ${parts.join(' and ')}; delete them before deleting the project`,
        );
      }
      ctx.db.run('DELETE FROM packaging_jobs WHERE project = ?', name);
      ctx.db.run('DELETE FROM projects WHERE name = ?', name);
      return { ProjectArn: projectArn(ctx, name) };
    }),
  );
};

export const ListProjects: Handler<ListProjectsRequest> = (ctx, input) => {
  const size = pageSize(input);
  const after = Number(decodeToken('projects', input.NextToken) ?? 0);
  const rows = ctx.db.all(
    'SELECT rowid AS id, name, created FROM projects WHERE rowid > ? ORDER BY rowid LIMIT ?',
    after,
    size + 1,
  );
  const page = toPage(
    rows,
    size,
    'projects',
    (r) => Number(r.id),
    (r) => metadata(ctx, String(r.name), Number(r.created)),
  );
  return { Projects: page.items, NextToken: page.nextToken };
};
