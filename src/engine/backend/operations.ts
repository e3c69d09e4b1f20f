// One handler per operation of the 2020-11-20 API.
import type { BackendContext } from './context';
import { CreateProject, DeleteProject, DescribeProject, ListProjects } from './projects';
import {
  CreateDataset,
  DeleteDataset,
  DescribeDataset,
  ListDatasetEntries,
  UpdateDatasetEntries,
} from './datasets';
import {
  CreateModel,
  DeleteModel,
  DescribeModel,
  DetectAnomalies,
  ListModels,
  StartModel,
  StopModel,
} from './models';
import { ListTagsForResource, TagResource, UntagResource } from './tags';
import { DescribeModelPackagingJob, ListModelPackagingJobs, StartModelPackagingJob } from './packaging';

const typed = {
  CreateProject,
  DescribeProject,
  DeleteProject,
  ListProjects,
  CreateDataset,
  DescribeDataset,
  DeleteDataset,
  ListDatasetEntries,
  UpdateDatasetEntries,
  CreateModel,
  DescribeModel,
  ListModels,
  DeleteModel,
  StartModel,
  StopModel,
  DetectAnomalies,
  TagResource,
  UntagResource,
  ListTagsForResource,
  StartModelPackagingJob,
  DescribeModelPackagingJob,
  ListModelPackagingJobs,
};

/** A handler as the dispatcher calls it, with the input validate.ts has checked against the operation's shape. */
export type OperationHandler = (
  ctx: BackendContext,
  input: Record<string, unknown>,
) => Promise<object> | object;

/**
 * The handlers by operation name. Each is typed by its operation's request shape from the SDK; validate.ts checks
 * every input against that operation's shape in the model before the handler runs, which is what this one cast
 * stands for.
 */
export const handlers = typed as unknown as Record<string, OperationHandler>;
