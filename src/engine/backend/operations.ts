// One handler per operation of the 2020-11-20 API.
import type { Handler } from './context';
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

export const handlers: Record<string, Handler> = {
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
