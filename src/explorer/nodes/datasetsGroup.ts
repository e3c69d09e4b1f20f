// A project's datasets (train, and test when the project has separate sets) with image counts.
import { DescribeDatasetCommand, DescribeProjectCommand } from '@aws-sdk/client-lookoutvision';
import type { Page } from '../pagedContainer';
import { ProjectGroup } from './projectGroup';
import { DatasetNode, datasetReadiness } from './datasetNode';
import type { ProjectNode } from './projectNode';

export class DatasetsGroup extends ProjectGroup {
  constructor(project: ProjectNode) {
    super(project, {
      label: 'Datasets',
      idSuffix: 'datasets',
      contextValue: 'datasets',
      icon: 'database',
      expanded: true,
      empty: {
        label: 'No datasets yet',
        command: 'lookoutVision.dataset.createFromFolder',
        title: 'Create Dataset from Folder',
      },
    });
  }

  protected async loadPage(): Promise<Page> {
    const { lookout } = await this.project.context.clients();
    const project = await lookout.send(new DescribeProjectCommand({ ProjectName: this.projectName }));
    const datasets = project.ProjectDescription?.Datasets ?? [];
    const described = await Promise.all(
      datasets.map((d) =>
        lookout.send(
          new DescribeDatasetCommand({ ProjectName: this.projectName, DatasetType: d.DatasetType }),
        ),
      ),
    );
    const hasTest = datasets.some((d) => d.DatasetType === 'test');
    const descriptions = described
      .map((d) => d.DatasetDescription)
      .filter((d) => d !== undefined)
      // train before test
      .sort((a, b) => (b.DatasetType ?? '').localeCompare(a.DatasetType ?? ''));
    const items = await Promise.all(
      descriptions.map(async (d) => {
        const readiness = datasetReadiness(this.project, d, hasTest);
        return new DatasetNode(this, d, await readiness?.catch(() => undefined));
      }),
    );
    return { items };
  }
}
