// A project's model versions, newest first as the service lists them, paged.
import { ListModelsCommand } from '@aws-sdk/client-lookoutvision';
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
}
