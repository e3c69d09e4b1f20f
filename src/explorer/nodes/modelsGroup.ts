// A project's model versions, newest first as the service lists them, paged. Each load tells the
// model watch what it saw, so open panels follow a model's status.
import { ListModelsCommand } from '@aws-sdk/client-lookoutvision';
import type { ExplorerNode } from '../node';
import type { Page } from '../pagedContainer';
import { ProjectGroup } from './projectGroup';
import { ModelNode } from './modelNode';
import type { ProjectNode } from './projectNode';

export class ModelsGroup extends ProjectGroup {
  constructor(project: ProjectNode) {
    super(project, {
      label: 'Models',
      idSuffix: 'models',
      contextValue: 'models',
      icon: 'symbol-class',
      expanded: true,
      empty: { label: 'No models yet', command: 'lookoutVision.model.train', title: 'Train Model' },
    });
  }

  protected async loadPage(nextToken: string | undefined): Promise<Page> {
    const { lookout } = await this.project.context.clients();
    const out = await lookout.send(
      new ListModelsCommand({
        ProjectName: this.projectName,
        NextToken: nextToken,
        MaxResults: this.project.context.pageSize(),
      }),
    );
    return { items: (out.Models ?? []).map((m) => new ModelNode(this, m)), nextToken: out.NextToken };
  }

  protected loaded(items: readonly ExplorerNode[], complete: boolean): void {
    const models = items
      .filter((n) => n instanceof ModelNode)
      .map((n) => ({ modelVersion: n.modelVersion, status: n.metadata.Status }));
    const watch = this.project.context.models;
    if (complete) watch.listed(this.projectName, models);
    else for (const m of models) watch.seen(this.projectName, m.modelVersion, m.status);
  }
}
