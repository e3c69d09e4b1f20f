// A project's model packaging jobs, paged.
import { ListModelPackagingJobsCommand } from '@aws-sdk/client-lookoutvision';
import type { Page } from '../pagedContainer';
import { ProjectGroup } from './projectGroup';
import { PackagingJobNode } from './packagingJobNode';
import type { ProjectNode } from './projectNode';

export class PackagingJobsGroup extends ProjectGroup {
  constructor(project: ProjectNode) {
    super(project, {
      label: 'Model packaging jobs',
      idSuffix: 'packaging',
      contextValue: 'packagingJobs',
      icon: 'package',
      expanded: false,
      empty: {
        label: 'No packaging jobs yet',
        command: 'lookoutVision.packaging.start',
        title: 'Start Model Packaging Job',
      },
    });
  }

  protected async loadPage(nextToken: string | undefined): Promise<Page> {
    const { lookout } = await this.project.context.clients();
    const out = await lookout.send(
      new ListModelPackagingJobsCommand({
        ProjectName: this.projectName,
        NextToken: nextToken,
        MaxResults: this.project.context.pageSize(),
      }),
    );
    return {
      items: (out.ModelPackagingJobs ?? []).map((j) => new PackagingJobNode(this, j)),
      nextToken: out.NextToken,
    };
  }
}
