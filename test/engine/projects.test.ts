import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateProjectCommand,
  DeleteProjectCommand,
  DescribeProjectCommand,
  ListProjectsCommand,
  ConflictException,
  ResourceNotFoundException,
  ValidationException,
  paginateListProjects,
} from '@aws-sdk/client-lookoutvision';
import { useTestEngine } from '../support/engine-harness';

const t = useTestEngine();

test('CreateProject, DescribeProject and DeleteProject round-trip with AWS-form ARNs and epoch timestamps', async () => {
  const before = Date.now();
  const created = await t().lv.send(new CreateProjectCommand({ ProjectName: 'widgets' }));
  const meta = created.ProjectMetadata!;
  assert.equal(meta.ProjectName, 'widgets');
  assert.match(meta.ProjectArn!, /^arn:aws:lookoutvision:us-east-1:\d{12}:project\/widgets$/);
  assert.ok(meta.CreationTimestamp instanceof Date);
  assert.ok(
    Math.abs(meta.CreationTimestamp.getTime() - before) < 5000,
    'timestamp parsed as the current time',
  );

  const described = await t().lv.send(new DescribeProjectCommand({ ProjectName: 'widgets' }));
  assert.equal(described.ProjectDescription!.ProjectArn, meta.ProjectArn);
  assert.deepEqual(described.ProjectDescription!.Datasets, []);

  const deleted = await t().lv.send(new DeleteProjectCommand({ ProjectName: 'widgets' }));
  assert.equal(deleted.ProjectArn, meta.ProjectArn);
  await assert.rejects(
    t().lv.send(new DescribeProjectCommand({ ProjectName: 'widgets' })),
    (err: unknown) => {
      assert.ok(err instanceof ResourceNotFoundException);
      assert.equal(err.ResourceId, 'widgets');
      assert.equal(err.ResourceType, 'PROJECT');
      assert.equal(err.$metadata.httpStatusCode, 404);
      return true;
    },
  );
});

test('a second project with the same name is a ConflictException naming it', async () => {
  await t().lv.send(new CreateProjectCommand({ ProjectName: 'dup' }));
  await assert.rejects(t().lv.send(new CreateProjectCommand({ ProjectName: 'dup' })), (err: unknown) => {
    assert.ok(err instanceof ConflictException);
    assert.match(err.message, /Project dup already exists/);
    assert.equal(err.$metadata.httpStatusCode, 409);
    return true;
  });
});

test('invalid project names are rejected server-side with ValidationException', async () => {
  for (const name of ['-starts-with-dash', 'has space', 'x'.repeat(256), 'émoji']) {
    await assert.rejects(t().lv.send(new CreateProjectCommand({ ProjectName: name })), (err: unknown) => {
      assert.ok(err instanceof ValidationException, `${name}: ${String(err)}`);
      assert.match(err.message, /projectName/);
      return true;
    });
  }
});

test('ListProjects pages 250 projects in stable order, the last page has no NextToken', async () => {
  const names = Array.from({ length: 250 }, (_, i) => `page-${String(i).padStart(3, '0')}`);
  for (const name of names) await t().lv.send(new CreateProjectCommand({ ProjectName: name }));
  const pages: number[] = [];
  const seen: string[] = [];
  for await (const page of paginateListProjects({ client: t().lv, pageSize: 100 }, {})) {
    pages.push(page.Projects!.length);
    seen.push(...page.Projects!.map((p) => p.ProjectName!));
    if (page.NextToken) assert.match(page.NextToken, /^[a-zA-Z0-9/+=]{0,2048}$/);
  }
  const listed = seen.filter((n) => n.startsWith('page-'));
  assert.deepEqual(listed, names, 'every project once, in creation order');
  assert.ok(
    pages.length >= 3 && pages.slice(0, -1).every((n) => n === 100),
    `full pages before the last: ${pages.join(',')}`,
  );
});

test('MaxResults outside 1..100 and foreign page tokens are ValidationExceptions', async () => {
  await assert.rejects(t().lv.send(new ListProjectsCommand({ MaxResults: 101 })), ValidationException);
  await assert.rejects(t().lv.send(new ListProjectsCommand({ MaxResults: 0 })), ValidationException);
  await assert.rejects(
    t().lv.send(new ListProjectsCommand({ NextToken: 'bm90LWEtdG9rZW4=' })),
    ValidationException,
  );
});

test('the same ClientToken with the same parameters returns the first result without a second side effect', async () => {
  const first = await t().lv.send(new CreateProjectCommand({ ProjectName: 'idem', ClientToken: 'token-1' }));
  const again = await t().lv.send(new CreateProjectCommand({ ProjectName: 'idem', ClientToken: 'token-1' }));
  assert.deepEqual(again.ProjectMetadata, first.ProjectMetadata);
  await assert.rejects(
    t().lv.send(new CreateProjectCommand({ ProjectName: 'other', ClientToken: 'token-1' })),
    (err: unknown) => {
      assert.ok(err instanceof ConflictException);
      assert.match(err.message, /token-1 was already used with different parameters/);
      return true;
    },
  );
  await assert.rejects(
    t().lv.send(new DescribeProjectCommand({ ProjectName: 'other' })),
    ResourceNotFoundException,
  );
  const deleted = await t().lv.send(new DeleteProjectCommand({ ProjectName: 'idem', ClientToken: 'del-1' }));
  const deletedAgain = await t().lv.send(
    new DeleteProjectCommand({ ProjectName: 'idem', ClientToken: 'del-1' }),
  );
  assert.equal(deletedAgain.ProjectArn, deleted.ProjectArn);
  await assert.rejects(
    t().lv.send(new CreateProjectCommand({ ProjectName: 'x', ClientToken: 'bad token!' })),
    ValidationException,
  );
});
